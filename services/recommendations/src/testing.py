"""Shared by the tests beside the code: a small catalog and the contracts as packages/contracts wrote them."""

from __future__ import annotations

from pathlib import Path

from .contracts import Book, Contracts

SCHEMAS_DIR = Path(__file__).resolve().parents[3] / "packages" / "contracts" / "schemas"


def contracts() -> Contracts:
    return Contracts(SCHEMAS_DIR)


def book(isbn: str, title: str, author: str, tags: tuple[str, ...] = ("novel",), price_cents: int = 999) -> Book:
    return Book(isbn, title, author, 1900, price_cents, tags)


# ISBN-13s whose check digits hold; the books are made up for the tests.
EMMA = book("9781000000030", "Emma", "Jane Austen", ("novel", "romance"))
PERSUASION = book("9781000000047", "Persuasion", "Jane Austen", ("novel", "romance"))
PRIDE = book("9781000000016", "Pride and Prejudice", "Jane Austen", ("novel", "romance"))
SENSE = book("9781000000023", "Sense and Sensibility", "Jane Austen", ("novel", "romance"))
DRACULA = book("9781000000115", "Dracula", "Bram Stoker", ("novel", "gothic", "horror"))
FRANKENSTEIN = book("9781000000108", "Frankenstein", "Mary Shelley", ("novel", "gothic", "science-fiction"))
JANE_EYRE = book("9781000000054", "Jane Eyre", "Charlotte Brontë", ("novel", "romance", "gothic"))
WALDEN = book("9781000000474", "Walden", "Henry David Thoreau", ("essays", "philosophy"))
PRINCE = book("9781000000405", "The Prince", "Niccolò Machiavelli", ("politics", "philosophy"))
ULYSSES = book("9781000000641", "Ulysses", "James Joyce", ("novel",))
CATALOG = [EMMA, PERSUASION, PRIDE, SENSE, DRACULA, FRANKENSTEIN, JANE_EYRE, WALDEN, PRINCE, ULYSSES]
