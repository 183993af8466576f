"""Readers also bought: up to five books bought together with a book, most co-purchased first;
while there are fewer (no sales yet), the rest are by the same author, then those sharing the most
tags. Never the book itself, never one twice."""

from __future__ import annotations

import asyncio

from ..contracts import Book
from .ports import Catalog
from .sales import Sales

MAX_RECOMMENDATIONS = 5


class UnknownBook(Exception):
    def __init__(self, isbn: str) -> None:
        super().__init__(f"No book with ISBN {isbn}")
        self.isbn = isbn


def ranked(counts: dict[str, int], isbn: str) -> list[str]:
    """Co-purchased ISBNs, most often first; ties by ISBN, so every instance answers alike."""
    return [other for other, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0])) if other != isbn]


def choose(book: Book, counts: dict[str, int], catalog: list[Book]) -> list[Book]:
    """Picks from the catalog's books (in its order, by title): co-purchases, then author, then tags."""
    by_isbn = {b.isbn: b for b in catalog}
    picked: dict[str, Book] = {}

    def take(candidates) -> None:
        for b in candidates:
            if len(picked) >= MAX_RECOMMENDATIONS:
                return
            if b.isbn != book.isbn and b.isbn not in picked:
                picked[b.isbn] = b

    # A co-purchased book the catalog no longer has is skipped.
    take(by_isbn[i] for i in ranked(counts, book.isbn) if i in by_isbn)
    take(b for b in catalog if b.author == book.author)
    tags = set(book.tags)
    sharing = [b for b in catalog if tags & set(b.tags)]
    take(sorted(sharing, key=lambda b: -len(tags & set(b.tags))))  # stable: title order within a tie
    return list(picked.values())


class Recommender:
    def __init__(self, sales: Sales, catalog: Catalog) -> None:
        self.sales, self.catalog = sales, catalog

    async def for_book(self, isbn: str) -> list[Book]:
        book, counts = await asyncio.gather(self.catalog.book(isbn), self.sales.counts(isbn))
        if book is None:
            raise UnknownBook(isbn)
        # Enough sales data: the top books alone, one look-up each, not the whole catalog.
        top = ranked(counts, isbn)[:MAX_RECOMMENDATIONS]
        if len(top) == MAX_RECOMMENDATIONS:
            found = [b for b in await asyncio.gather(*(self.catalog.book(i) for i in top)) if b is not None]
            if len(found) == MAX_RECOMMENDATIONS:
                return found
        return choose(book, counts, await self.catalog.books())
