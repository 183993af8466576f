"""What the domain needs from the world, as small interfaces: a key/value store with ETags (Dapr's
state API, or memory in tests) and the catalog's books (catalog by service invocation, or memory)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from ..contracts import Book


@dataclass(frozen=True)
class Versioned:
    value: object | None
    etag: str | None


SaveResult = Literal["saved", "conflict"]


class StateStore(Protocol):
    async def get(self, key: str) -> Versioned: ...

    async def save(self, key: str, value: object, etag: str | None) -> SaveResult:
        """Writes only if the stored ETag still equals `etag` (first write wins); None = create."""
        ...


class Catalog(Protocol):
    async def book(self, isbn: str) -> Book | None:
        """The book, or None when catalog does not know the ISBN."""
        ...

    async def books(self) -> list[Book]:
        """Every book, in catalog's order (by title)."""
        ...


class CatalogUnavailable(Exception):
    """Catalog could not be asked, or answered something its contract does not allow."""
