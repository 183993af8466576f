"""One error type with a fixed list of codes, each mapped to a status, answered as problem+json:
the same shape, type URNs and titles as packages/kit/src/errors.ts."""

from __future__ import annotations

STATUS_BY_CODE: dict[str, int] = {
    "BAD_REQUEST": 400,
    "UNAUTHORIZED": 401,
    "PAYMENT_REQUIRED": 402,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "CONFLICT": 409,
    "PAYLOAD_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "TOO_MANY_REQUESTS": 429,
    "INTERNAL": 500,
    "BAD_GATEWAY": 502,
    "UNAVAILABLE": 503,
}

FieldErrors = dict[str, list[str]]


class AppError(Exception):
    def __init__(self, code: str, message: str, errors: FieldErrors | None = None) -> None:
        if code not in STATUS_BY_CODE:
            raise ValueError(f"unknown error code {code}")
        super().__init__(message)
        self.code = code
        self.status = STATUS_BY_CODE[code]
        self.message = message
        self.errors = errors


def code_for_status(status: int) -> str:
    for code, s in STATUS_BY_CODE.items():
        if s == status:
            return code
    return "INTERNAL" if status >= 500 else "BAD_REQUEST"


def to_problem(err: AppError, request_id: str, trace_id: str | None = None) -> dict:
    problem: dict = {
        "type": f"urn:quire:problem:{err.code.lower().replace('_', '-')}",
        "title": err.code.replace("_", " ").capitalize(),
        "status": err.status,
        "detail": err.message,
        "requestId": request_id,
    }
    if trace_id:
        problem["traceId"] = trace_id
    if err.errors:
        problem["errors"] = err.errors
    return problem
