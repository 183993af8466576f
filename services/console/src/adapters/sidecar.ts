import type { DaprClient } from "@dapr/dapr";
import type { Envelope } from "@quire/kit";
import { z } from "zod";
import type { DeadLetterShelves, Shelf } from "../domain/dead-letter-log.ts";
import { Unreachable, within } from "./backend.ts";

const NAME = "The console's sidecar";
const metadataSchema = z.object({ runtimeVersion: z.string().min(1) });

// What the console reads through its own sidecar, which may be down or still starting: a page
// waits for it at most `timeoutMs` and says so.
export class ConsoleSidecar {
  constructor(
    private readonly client: DaprClient,
    private readonly url: string,
    private readonly timeoutMs = 2000,
  ) {}

  // The Dapr runtime this run's sidecars and control plane were started from (one install).
  async runtimeVersion(): Promise<string> {
    const parsed = metadataSchema.safeParse(await within(this.client.metadata.get(), NAME, this.url, this.timeoutMs));
    if (!parsed.success) throw new Unreachable(NAME, this.url, "its metadata has no runtimeVersion");
    return parsed.data.runtimeVersion;
  }

  shelves(log: DeadLetterShelves): DeadLetterShelves {
    return {
      record: (topic: string, message: Envelope) => log.record(topic, message),
      read: (topics: readonly string[]): Promise<Shelf[]> => within(log.read(topics), NAME, this.url, this.timeoutMs),
    };
  }
}
