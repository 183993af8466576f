"""In-memory twins of the Dapr adapters, for fast tests of the domain and the routes."""

from __future__ import annotations

import asyncio
import copy

from ..contracts import Book
from ..domain.ports import CatalogUnavailable, SaveResult, Versioned


class MemoryStateStore:
    """Dapr's first-write semantics: an ETag must match; no ETag means "create"."""

    def __init__(self, interleave: bool = False) -> None:
        self.entries: dict[str, tuple[object, str]] = {}
        self.version = 0
        # Yield to other tasks inside each call, as a real store's round trip would: racing
        # deliveries then really read the same version before either writes.
        self.interleave = interleave

    async def get(self, key: str) -> Versioned:
        if self.interleave:
            await asyncio.sleep(0)
        value, etag = self.entries.get(key, (None, None))
        return Versioned(copy.deepcopy(value), etag)

    async def save(self, key: str, value: object, etag: str | None) -> SaveResult:
        if self.interleave:
            await asyncio.sleep(0)
        current = self.entries.get(key)
        if (current[1] != etag) if current else (etag is not None):
            return "conflict"
        self.version += 1
        self.entries[key] = (copy.deepcopy(value), str(self.version))
        return "saved"


class MemoryCatalog:
    def __init__(self, books: list[Book], failing: bool = False) -> None:
        self._books = sorted(books, key=lambda b: (b.title, b.isbn))
        self.failing = failing
        self.calls = 0

    async def book(self, isbn: str) -> Book | None:
        self._answer()
        return next((b for b in self._books if b.isbn == isbn), None)

    async def books(self) -> list[Book]:
        self._answer()
        return list(self._books)

    def _answer(self) -> None:
        self.calls += 1
        if self.failing:
            raise CatalogUnavailable("catalog is down")
