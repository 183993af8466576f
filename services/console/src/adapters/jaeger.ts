import { z } from "zod";
import { JsonBackend, type BackendOptions } from "./backend.ts";

const spanSchema = z.object({
  traceID: z.string(),
  spanID: z.string(),
  operationName: z.string(),
  references: z
    .array(z.object({ refType: z.string(), spanID: z.string() }))
    .nullish()
    .transform((refs) => refs ?? []),
  startTime: z.number(), // µs since the epoch
  duration: z.number(), // µs
  tags: z
    .array(z.object({ key: z.string(), type: z.string().optional(), value: z.unknown() }))
    .nullish()
    .transform((tags) => tags ?? []),
  processID: z.string(),
});

export const traceSchema = z.object({
  traceID: z.string(),
  spans: z.array(spanSchema),
  processes: z.record(z.string(), z.object({ serviceName: z.string() })),
});

export type Span = z.infer<typeof spanSchema>;
export type Trace = z.infer<typeof traceSchema>;
export type TraceSearch = { service: string; limit: number; tags?: Record<string, string> };

// What the console needs from a trace store; the in-memory fake in the tests implements it too.
export interface Traces {
  services(): Promise<string[]>;
  search(query: TraceSearch): Promise<Trace[]>;
  get(traceId: string): Promise<Trace | undefined>;
}

// Jaeger answers `{ data: … }`, and `data: null` when there is nothing.
const envelope = <T extends z.ZodType>(data: T) => z.object({ data: data.nullable() });

// Jaeger's query API (/api, the one its UI uses): v3 cannot search by tag, which the order search needs.
export class JaegerTraces implements Traces {
  private readonly http: JsonBackend;

  constructor(options: BackendOptions) {
    this.http = new JsonBackend("Jaeger", options);
  }

  async services(): Promise<string[]> {
    return (await this.http.get("/api/services", envelope(z.array(z.string())))).data ?? [];
  }

  async search({ service, limit, tags }: TraceSearch): Promise<Trace[]> {
    const query = new URLSearchParams({ service, limit: String(limit), ...(tags ? { tags: JSON.stringify(tags) } : {}) });
    return (await this.http.get(`/api/traces?${query}`, envelope(z.array(traceSchema)))).data ?? [];
  }

  async get(traceId: string): Promise<Trace | undefined> {
    const found = await this.http.find(`/api/traces/${encodeURIComponent(traceId)}`, envelope(z.array(traceSchema)));
    return found?.data?.[0];
  }
}
