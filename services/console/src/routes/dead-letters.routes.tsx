import { DEAD_LETTER_TOPICS } from "@quire/contracts";
import { AppError, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import type { Metrics } from "../adapters/prometheus.ts";
import type { DeadLetterShelves } from "../domain/dead-letter-log.ts";
import { deadLetterTopics } from "../domain/dead-letters.ts";
import { DeadLettersPage } from "../pages/dead-letters.tsx";
import { reach } from "./reach.ts";

// What the console's consumer recorded (its state store, through its sidecar), beside what the
// sidecars' metrics say was published there in the last hour. Either may be unreachable alone.
export function deadLettersRoutes(metrics: Metrics, shelves: DeadLetterShelves) {
  return new Hono<AppEnv>()
    .get("/dead-letters", async (c) => {
      const [recorded, published] = await Promise.all([reach(shelves.read(DEAD_LETTER_TOPICS)), reach(deadLetterTopics(metrics))]);
      return c.html(<DeadLettersPage recorded={recorded} published={published} />);
    })
    // What was recorded, as data: for scripts and the system tests.
    .get("/dead-letters.json", async (c) => {
      const recorded = await reach(shelves.read(DEAD_LETTER_TOPICS));
      if (!recorded.ok) throw new AppError("UNAVAILABLE", recorded.problem);
      return c.json({ topics: recorded.value });
    });
}
