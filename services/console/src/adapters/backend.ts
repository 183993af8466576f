import type { z } from "zod";

// A backend the console reads (Jaeger, Prometheus) could not be read: down, too slow, or answering
// something we cannot make sense of. Pages show this message in place of the data.
export class Unreachable extends Error {
  constructor(
    readonly backend: string,
    readonly url: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${backend} is not answering at ${url}: ${reason}`, options);
    this.name = "Unreachable";
  }
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;
export type BackendOptions = { baseUrl: string; timeoutMs?: number; fetch?: Fetch };

// GETs JSON from one backend. A page waits at most `timeoutMs` (2 s) for it, body included, so a
// hung backend costs a notice rather than a hung page; every failure becomes one Unreachable.
export class JsonBackend {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetch: Fetch;

  constructor(
    readonly name: string,
    { baseUrl, timeoutMs = 2000, fetch = globalThis.fetch }: BackendOptions,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.timeoutMs = timeoutMs;
    this.fetch = fetch;
  }

  async get<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
    return (await this.read(path, schema, false)) as z.infer<T>;
  }

  // Like get, but a 404 means "there is no such thing" rather than trouble.
  find<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T> | undefined> {
    return this.read(path, schema, true);
  }

  private async read<T extends z.ZodType>(path: string, schema: T, missingOk: boolean): Promise<z.infer<T> | undefined> {
    // The notice names the endpoint, not the whole query: a PromQL string makes it unreadable.
    const where = `${this.baseUrl}${path.split("?")[0]}`;
    const fail = (reason: string, cause?: unknown): never => {
      throw new Unreachable(this.name, where, reason, { cause });
    };
    let body: unknown;
    try {
      const res = await this.fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: "application/json" } });
      if (res.status === 404 && missingOk) return undefined;
      const text = await res.text();
      if (!res.ok) return fail(`HTTP ${res.status}${detailOf(text)}`);
      body = JSON.parse(text);
    } catch (err) {
      if (err instanceof Unreachable) throw err;
      return fail(reasonOf(err, this.timeoutMs), err);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(`unexpected answer (${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"})`, parsed.error);
    }
    return parsed.data;
  }
}

function reasonOf(err: unknown, timeoutMs: number): string {
  if (err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError")) return `no answer within ${timeoutMs / 1000} s`;
  if (err instanceof SyntaxError) return "the answer is not JSON";
  // Node's fetch hides the socket error (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return socketErrors[cause.code] ? `${socketErrors[cause.code]} (${cause.code})` : cause.code;
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}

const socketErrors: Record<string, string> = { ECONNREFUSED: "connection refused", ENOTFOUND: "host not found", ECONNRESET: "connection reset", EHOSTUNREACH: "host unreachable" };

// Prometheus says why in `error`, Jaeger in `errors[0].msg`; either is worth showing.
function detailOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; errors?: { msg?: unknown }[] | null };
    const detail = typeof body.error === "string" ? body.error : body.errors?.[0]?.msg;
    return typeof detail === "string" ? `: ${detail}` : "";
  } catch {
    return "";
  }
}

// Work done through a client that cannot be given a deadline of its own (the Dapr SDK waits for a
// sidecar that is down): the page waits at most `timeoutMs`, then says which backend did not answer.
export async function within<T>(work: Promise<T>, backend: string, url: string, timeoutMs = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DOMException("timed out", "TimeoutError")), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (err) {
    throw new Unreachable(backend, url, reasonOf(err, timeoutMs), { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
