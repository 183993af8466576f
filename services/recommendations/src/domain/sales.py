"""Co-purchase counts: for each book, how many paid orders also held each other book.

Layout in the state store, one owner (this service):
  copurchase:<isbn>  {"counts": {<other isbn>: n}, "orders": [<order ids counted here, newest last>]}
  paid:<orderId>     {"isbns": [...]}: the order was counted everywhere (its order.paid is done)

An order.paid can arrive more than once, also under another CloudEvent id (orders announces an
event again when its first announcement may have been lost), so it is deduplicated by what it is
about, its order (contracts' eventKey: an order has one order.paid), not by the CloudEvent id.
Each book's record is changed by an ETag read-modify-write that skips an order it already holds:
two deliveries racing on a record cannot both count (the loser's write conflicts, it reads again
and finds the order there), and a delivery that died half-way is finished, not doubled, by the next.
The paid:<orderId> marker, written last, lets a later duplicate skip every read."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from .ports import StateStore

# How many counted order ids a book's record remembers. A duplicate of an older order is still
# caught by its paid: marker; only one that died half-way and comes back after this many newer
# orders of the same book could count twice there.
REMEMBERED_ORDERS = 1000
# Racing writers on one popular book retry this often before the delivery is retried by Dapr.
MAX_ATTEMPTS = 20


class StoredRecordInvalid(Exception):
    """A record in the store is not in this service's shape: written by something else, or corrupt."""


@dataclass
class CoPurchases:
    counts: dict[str, int] = field(default_factory=dict)
    orders: list[str] = field(default_factory=list)

    @staticmethod
    def parse(key: str, value: object) -> "CoPurchases":
        if value is None:
            return CoPurchases()
        ok = (
            isinstance(value, dict)
            and isinstance(value.get("counts"), dict)
            and all(isinstance(k, str) and type(n) is int and n > 0 for k, n in value["counts"].items())
            and isinstance(value.get("orders"), list)
            and all(isinstance(o, str) for o in value["orders"])
        )
        if not ok:
            raise StoredRecordInvalid(f"{key} holds {value!r}")
        return CoPurchases(dict(value["counts"]), list(value["orders"]))

    def to_json(self) -> dict:
        return {"counts": self.counts, "orders": self.orders}


class ConflictsPersist(Exception):
    """Other writers kept winning; the delivery is retried later."""


def record_key(isbn: str) -> str:
    return f"copurchase:{isbn}"


def paid_key(order_id: str) -> str:
    return f"paid:{order_id}"


class Sales:
    def __init__(self, state: StateStore, backoff_seconds: float = 0.005) -> None:
        self.state = state
        self.backoff_seconds = backoff_seconds
        # Lost races, for tests that must prove a race really happened.
        self.conflicts = 0

    async def record(self, order_id: str, isbns: list[str]) -> bool:
        """Counts a paid order's books once. False when it had been counted already."""
        if (await self.state.get(paid_key(order_id))).value is not None:
            return False
        books = sorted(set(isbns))
        for isbn in books:
            others = [o for o in books if o != isbn]
            # A one-book order teaches nothing about books bought together.
            if others:
                await self._add(isbn, order_id, others)
        # Create-only: a racing copy may have written it first, which is the same fact.
        await self.state.save(paid_key(order_id), {"isbns": books}, None)
        return True

    async def _add(self, isbn: str, order_id: str, others: list[str]) -> None:
        key = record_key(isbn)
        for attempt in range(MAX_ATTEMPTS):
            current = await self.state.get(key)
            record = CoPurchases.parse(key, current.value)
            if order_id in record.orders:
                return
            for other in others:
                record.counts[other] = record.counts.get(other, 0) + 1
            record.orders = [*record.orders, order_id][-REMEMBERED_ORDERS:]
            if await self.state.save(key, record.to_json(), current.etag) == "saved":
                return
            self.conflicts += 1
            # Spread the retries of writers that collided, so they do not collide again in step.
            await asyncio.sleep(random.uniform(0, self.backoff_seconds * 2 ** min(attempt, 6)))
        raise ConflictsPersist(f"{key}: {MAX_ATTEMPTS} writes lost to other writers")

    async def counts(self, isbn: str) -> dict[str, int]:
        key = record_key(isbn)
        return CoPurchases.parse(key, (await self.state.get(key)).value).counts
