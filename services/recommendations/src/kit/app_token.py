"""Only the app's own sidecar knows APP_API_TOKEN, so a caller that reaches the app port directly,
around Dapr's access policies, is turned away (packages/kit/src/app-token.ts). /healthz and /metrics
stay open, as in every Quire app: health probes and Prometheus's scrapes carry no token."""

from __future__ import annotations

import hashlib
import hmac

OPEN_PATHS = frozenset({"/healthz", "/metrics"})


class AppToken:
    def __init__(self, token: str) -> None:
        self._expected = hashlib.sha256(token.encode()).digest()

    def admits(self, path: str, presented: str | None) -> bool:
        if path in OPEN_PATHS:
            return True
        # Digests of equal length, compared in constant time: the token's length leaks nothing.
        return presented is not None and hmac.compare_digest(hashlib.sha256(presented.encode()).digest(), self._expected)
