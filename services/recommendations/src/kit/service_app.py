"""The base every Quire service builds on (packages/kit/src/app.ts), for FastAPI: request ids, the
request's trace, JSON access logs, /healthz, /metrics, the app-token lock, and one problem+json
error path for everything that goes wrong, validation failures included."""

from __future__ import annotations

import re
import time
import uuid
from contextvars import ContextVar
from typing import Awaitable, Callable, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .app_token import AppToken
from .errors import AppError, code_for_status, to_problem
from .logger import Logger
from .metrics import Metrics
from .trace import current_trace, enter_trace, leave_trace, new_trace, parse_traceparent

_request_id: ContextVar[str] = ContextVar("request_id", default="unknown")
# Hono's request-id rule: a caller's id is kept when it is short and plain, else a new one is made.
_SANE_REQUEST_ID = re.compile(r"^[\w\-=]{1,255}$")


def problem_response(err: AppError) -> JSONResponse:
    trace = current_trace()
    return JSONResponse(to_problem(err, _request_id.get(), trace.trace_id if trace else None), status_code=err.status, media_type="application/problem+json")


class _RequestContext:
    """Pure ASGI middleware (outside FastAPI's routing): it sees every request, also the refused ones."""

    def __init__(self, app, *, logger: Logger, metrics: Metrics, app_token: AppToken | None) -> None:
        self.app, self.logger, self.metrics, self.app_token = app, logger, metrics, app_token

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        incoming = headers.get("x-request-id", "")
        request_id = incoming if _SANE_REQUEST_ID.match(incoming) else str(uuid.uuid4())
        trace = parse_traceparent(headers.get("traceparent")) or new_trace()
        id_token, trace_token = _request_id.set(request_id), enter_trace(trace)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode()), (b"traceparent", trace.traceparent.encode())]
            await send(message)

        path = scope["path"]
        try:
            if self.app_token and not self.app_token.admits(path, headers.get("dapr-api-token")):
                refusal = AppError("UNAUTHORIZED", "Missing or wrong dapr-api-token: this port only answers its Dapr sidecar.")
                await problem_response(refusal)(scope, receive, send_with_headers)
            else:
                try:
                    await self.app(scope, receive, send_with_headers)
                except Exception as err:  # noqa: BLE001 — the one place unknown failures end
                    # We're lost here: log the cause, answer 500 without a stack.
                    self.logger.error("request failed", err=err, requestId=request_id, path=path)
                    unknown = AppError("INTERNAL", "Something went wrong on our side; the error was logged.")
                    await problem_response(unknown)(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe_request(route, scope["method"], status, elapsed)
            # Health checks and scrapes come every few seconds: not worth a line at info.
            log = self.logger.debug if path in ("/healthz", "/metrics") else self.logger.info
            log("request", requestId=request_id, method=scope["method"], path=path, status=status, ms=round(elapsed * 1000))
            leave_trace(trace_token)
            _request_id.reset(id_token)


def _field_errors(exc: RequestValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for e in exc.errors():
        # ("path", "isbn") → "isbn": the field, not where FastAPI found it.
        field = ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0])
        errors.setdefault(field, []).append(e["msg"])
    return errors


def create_service_app(*, service: str, logger: Logger, metrics: Metrics, app_token: str | None, on_shutdown: Sequence[Callable[[], Awaitable[None]]] = ()) -> FastAPI:
    # FastAPI 0.92 (Debian 12) predates lifespan context managers: shutdown hooks, then.
    app = FastAPI(title=service, docs_url=None, redoc_url=None, openapi_url=None, on_shutdown=list(on_shutdown))

    @app.exception_handler(AppError)
    async def on_app_error(_: Request, err: AppError) -> JSONResponse:
        return problem_response(err)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        return problem_response(AppError("BAD_REQUEST", "The request is not valid; see errors.", _field_errors(err)))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        # Starlette answers an unknown path 404 and a known path's other methods 405; Hono answers
        # both "no route", 404, and so does every Quire app.
        if err.status_code in (404, 405):
            return problem_response(AppError("NOT_FOUND", f"No route for {request.method} {request.url.path}"))
        return problem_response(AppError(code_for_status(err.status_code), str(err.detail) or "Request rejected"))

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok", "service": service}

    @app.get("/metrics")
    async def metrics_text() -> Response:
        body, content_type = metrics.text()
        return Response(body, media_type=content_type)

    app.add_middleware(_RequestContext, logger=logger, metrics=metrics, app_token=AppToken(app_token) if app_token else None)
    return app

