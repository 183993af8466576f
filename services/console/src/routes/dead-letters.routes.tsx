import type { AppEnv } from "@quire/kit";
import { Hono } from "hono";
import type { Metrics } from "../adapters/prometheus.ts";
import { deadLetterTopics } from "../domain/dead-letters.ts";
import { DeadLettersPage } from "../pages/dead-letters.tsx";
import { reach } from "./reach.ts";

export function deadLettersRoutes(metrics: Metrics) {
  return new Hono<AppEnv>().get("/dead-letters", async (c) => {
    const topics = await reach(deadLetterTopics(metrics));
    return c.html(topics.ok ? <DeadLettersPage topics={topics.value} /> : <DeadLettersPage problem={topics.problem} />);
  });
}
