"""The domain's StateStore on Dapr's state API (/v1.0/state/<store>), with first-write concurrency."""

from __future__ import annotations

import asyncio
import random
import re
from urllib.parse import quote

from ..domain.ports import SaveResult, Versioned
from .sidecar import Sidecar

# A write the database itself gave up on (a deadlock victim, a lock wait, SQLite busy) changed
# nothing and may simply be tried again: packages/kit/src/transient.ts's list, for the same stores.
TRANSIENT = re.compile(r"deadlock|try restarting transaction|lock wait timeout|database is locked|auto-increment|transient store read failure", re.I)


class StateError(Exception):
    pass


class DaprStateStore:
    def __init__(self, sidecar: Sidecar, store: str) -> None:
        self.sidecar, self.store = sidecar, store

    async def get(self, key: str) -> Versioned:
        # Keys are made of ids, ISBNs and ':' (sales.py), all plain in a path; anything else is escaped.
        res = await self.sidecar.request("GET", f"/v1.0/state/{self.store}/{quote(key, safe=':')}")
        if res.status_code == 204:
            return Versioned(None, None)
        if res.status_code != 200:
            raise StateError(f"reading {key} from {self.store}: {res.status_code} {res.text[:300]}")
        return Versioned(res.json(), res.headers.get("etag"))

    async def save(self, key: str, value: object, etag: str | None) -> SaveResult:
        item: dict = {"key": key, "value": value, "options": {"concurrency": "first-write"}}
        if etag is not None:
            item["etag"] = etag
        for attempt in range(1, 6):
            res = await self.sidecar.request("POST", f"/v1.0/state/{self.store}", json=[item])
            if res.status_code in (200, 204):
                return "saved"
            # 409: the ETag moved on. A create (no ETag) that lost to another writer is not reported
            # as an ETag error by every store (Redis answers 500), so look: if the key exists now,
            # it was a race.
            if res.status_code == 409:
                return "conflict"
            if etag is None and (await self.get(key)).etag is not None:
                return "conflict"
            if attempt < 5 and TRANSIENT.search(res.text):
                await asyncio.sleep(0.02 * 2**attempt * random.random())
                continue
            raise StateError(f"saving {key} to {self.store}: {res.status_code} {res.text[:300]}")
        raise AssertionError("unreachable")
