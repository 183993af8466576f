"""This app's own Dapr sidecar, over its documented HTTP API (no SDK): every call carries the
app's DAPR_API_TOKEN (the sidecar refuses calls without it) and the current request's traceparent,
so daprd puts its spans in that trace."""

from __future__ import annotations

import httpx

from ..kit.trace import trace_headers


class Sidecar:
    def __init__(self, host: str, http_port: int, api_token: str | None, timeout_seconds: float = 5.0) -> None:
        headers = {"dapr-api-token": api_token} if api_token else {}
        self.client = httpx.AsyncClient(base_url=f"http://{host}:{http_port}", headers=headers, timeout=timeout_seconds)

    async def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {**trace_headers(), **kwargs.pop("headers", {})}
        return await self.client.request(method, path, headers=headers, **kwargs)

    async def close(self) -> None:
        await self.client.aclose()
