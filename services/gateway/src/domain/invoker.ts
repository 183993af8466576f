export type Forward = {
  method: string;
  // Path and query string, e.g. "/api/books?q=dickens".
  target: string;
  headers: Headers;
  body?: ArrayBuffer | undefined;
};

// Calls a service by app id. The Dapr adapter goes through the sidecar's invocation API; the
// in-memory one calls Hono apps in-process, for unit tests.
export interface Invoker {
  forward(appId: string, request: Forward, signal?: AbortSignal): Promise<Response>;
}
