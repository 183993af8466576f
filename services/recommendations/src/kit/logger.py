"""JSON lines on stdout shaped like the pino logs of the TypeScript services (packages/kit/src/logger.ts):
numeric `level`, `time` in epoch milliseconds, `name` and `service`, the request's `trace_id` and
`span_id`, the caller's fields, then `msg`; an exception goes under `err` as {type, message, stack}.
So one set of log queries reads every service, whatever its language."""

from __future__ import annotations

import json
import sys
import time
import traceback
from typing import IO, Any

from .trace import current_trace

LEVELS = {"trace": 10, "debug": 20, "info": 30, "warn": 40, "error": 50, "fatal": 60, "silent": float("inf")}


def _serialize_error(err: BaseException) -> dict:
    return {"type": type(err).__name__, "message": str(err), "stack": "".join(traceback.format_exception(err)).rstrip()}


class Logger:
    def __init__(self, service: str, level: str = "info", stream: IO[str] | None = None) -> None:
        if level not in LEVELS:
            raise ValueError(f"unknown log level {level}")
        self.service = service
        self.threshold = LEVELS[level]
        self.stream = stream

    def _write(self, level: str, msg: str, fields: dict[str, Any]) -> None:
        number = LEVELS[level]
        if number < self.threshold:
            return
        line: dict[str, Any] = {"level": number, "time": int(time.time() * 1000), "name": self.service, "service": self.service}
        trace = current_trace()
        if trace:
            line["trace_id"], line["span_id"] = trace.trace_id, trace.span_id
        for key, value in fields.items():
            line[key] = _serialize_error(value) if isinstance(value, BaseException) else value
        line["msg"] = msg
        stream = self.stream or sys.stdout
        stream.write(json.dumps(line, default=str, ensure_ascii=False, separators=(",", ":")) + "\n")
        stream.flush()

    def trace(self, msg: str, **fields: Any) -> None:
        self._write("trace", msg, fields)

    def debug(self, msg: str, **fields: Any) -> None:
        self._write("debug", msg, fields)

    def info(self, msg: str, **fields: Any) -> None:
        self._write("info", msg, fields)

    def warn(self, msg: str, **fields: Any) -> None:
        self._write("warn", msg, fields)

    def error(self, msg: str, **fields: Any) -> None:
        self._write("error", msg, fields)

    def fatal(self, msg: str, **fields: Any) -> None:
        self._write("fatal", msg, fields)
