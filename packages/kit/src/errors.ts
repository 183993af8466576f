import type { ContentfulStatusCode } from "hono/utils/http-status";

// The fixed list of failures a Quire service reports; each maps to one HTTP status.
const statusByCode = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof statusByCode;
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly status: ContentfulStatusCode;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldErrors,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "AppError";
    this.status = statusByCode[code];
  }
}

export function codeForStatus(status: number): ErrorCode {
  const found = Object.entries(statusByCode).find(([, s]) => s === status);
  if (found) return found[0] as ErrorCode;
  return status >= 500 ? "INTERNAL" : "BAD_REQUEST";
}

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  // The request's trace: what to look up in Jaeger.
  traceId?: string;
  errors?: FieldErrors;
};

export function toProblem(err: AppError, requestId: string, traceId?: string): Problem {
  return {
    type: `urn:quire:problem:${err.code.toLowerCase().replaceAll("_", "-")}`,
    title: titleOf(err.code),
    status: err.status,
    detail: err.message,
    requestId,
    ...(traceId ? { traceId } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

function titleOf(code: ErrorCode): string {
  const words = code.toLowerCase().split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
