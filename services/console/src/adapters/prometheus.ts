import { z } from "zod";
import { JsonBackend, type BackendOptions } from "./backend.ts";

// One series of an instant vector: its labels and its value (NaN when Prometheus says "NaN").
export type Sample = { metric: Record<string, string>; value: number };
export type Target = { job: string; instance: string; scrapeUrl: string; health: "up" | "down" | "unknown"; lastError: string };

// What the console needs from a metrics store; the in-memory fake in the tests implements it too.
export interface Metrics {
  query(promql: string): Promise<Sample[]>;
  targets(): Promise<Target[]>;
}

const vectorSchema = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("vector"),
    result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) })),
  }),
});

const targetsSchema = z.object({
  status: z.literal("success"),
  data: z.object({
    activeTargets: z.array(
      z.object({
        labels: z.record(z.string(), z.string()),
        scrapeUrl: z.string(),
        health: z.enum(["up", "down", "unknown"]),
        lastError: z.string().default(""),
      }),
    ),
  }),
});

// Prometheus's HTTP API (/api/v1): instant queries and the scrape targets.
export class PrometheusMetrics implements Metrics {
  private readonly http: JsonBackend;

  constructor(options: BackendOptions) {
    this.http = new JsonBackend("Prometheus", options);
  }

  async query(promql: string): Promise<Sample[]> {
    const { data } = await this.http.get(`/api/v1/query?${new URLSearchParams({ query: promql })}`, vectorSchema);
    return data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
  }

  async targets(): Promise<Target[]> {
    const { data } = await this.http.get("/api/v1/targets", targetsSchema);
    return data.activeTargets.map((t) => ({ job: t.labels.job ?? "", instance: t.labels.instance ?? "", scrapeUrl: t.scrapeUrl, health: t.health, lastError: t.lastError }));
  }
}
