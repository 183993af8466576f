import { api } from "@quire/contracts";

// The headers the gateway puts on answers under /api: hono-rate-limiter's draft-6 RateLimit-*
// (see routes/rate-limit.ts), Retry-After on a 429, and the request id on every answer.
const integer = (description: string) => ({ description, schema: { type: "integer" as const } });
export const rateLimitHeaders = {
  "RateLimit-Policy": { description: "The limit and its window: '<limit>;w=<seconds>'", schema: { type: "string" as const } },
  "RateLimit-Limit": integer("Requests allowed per window, for this client"),
  "RateLimit-Remaining": integer("Requests left in this window"),
  "RateLimit-Reset": integer("Seconds until the window resets"),
};
export const requestIdHeader = { "X-Request-Id": { description: "The request's id (the client's, when it sent one); problems carry it too", schema: { type: "string" as const } } };
export const retryAfterHeader = { "Retry-After": integer("Seconds to wait before trying again") };

// The refusals the gateway answers itself, before (or instead of) an owner: shared responses.
const refusal = (status: number, description: string, headers: Record<string, unknown> = {}) => ({
  status,
  response: {
    description,
    content: { [api.PROBLEM]: { schema: { $ref: "#/components/schemas/Problem" } } },
    headers: Object.fromEntries(Object.keys({ ...rateLimitHeaders, ...requestIdHeader, ...headers }).map((name) => [name, { $ref: `#/components/headers/${name}` }])),
  },
});

export const gatewayResponses = {
  Unauthorized: refusal(401, "No token, or one that is invalid or has expired: sign in at POST /api/sessions"),
  Forbidden: refusal(403, "Staff only: the token is not an admin's"),
  PayloadTooLarge: refusal(413, "The body is larger than the gateway takes (64 KiB unless configured otherwise)"),
  UnsupportedMediaType: refusal(415, "The body is not application/json"),
  TooManyRequests: refusal(429, "Over the rate limit; try again after Retry-After seconds", retryAfterHeader),
  BadGateway: refusal(502, "The owning service could not be reached"),
  Unavailable: refusal(503, "The owning service, or the keys tokens are checked with, are out of reach for now"),
};
export type GatewayResponse = keyof typeof gatewayResponses;
