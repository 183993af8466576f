"""W3C trace context, carried as packages/kit/src/trace.ts carries it: the sidecars make and export
the spans; the app continues the caller's traceparent (or begins one) and sends it on every call to
its own sidecar, so everything a request causes lands in one trace."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


@dataclass(frozen=True)
class TraceContext:
    traceparent: str
    trace_id: str
    span_id: str


_current: ContextVar[TraceContext | None] = ContextVar("trace", default=None)


def parse_traceparent(value: str | None) -> TraceContext | None:
    match = _TRACEPARENT.match(value.strip().lower()) if value is not None else None
    # All-zero ids are invalid by the spec.
    if not match or set(match[1]) == {"0"} or set(match[2]) == {"0"}:
        return None
    return TraceContext(match[0], match[1], match[2])


def new_trace() -> TraceContext:
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return TraceContext(f"00-{trace_id}-{span_id}-01", trace_id, span_id)


def current_trace() -> TraceContext | None:
    return _current.get()


def enter_trace(trace: TraceContext):
    """Makes `trace` current for this task; returns the token to leave it with."""
    return _current.set(trace)


def leave_trace(token) -> None:
    _current.reset(token)


def trace_headers() -> dict[str, str]:
    trace = _current.get()
    return {"traceparent": trace.traceparent} if trace else {}
