"""Quire's contracts, read from the JSON Schemas that packages/contracts generates from its zod
schemas (npm run schemas -w @quire/contracts): order.paid, as orders publishes it, and Book, as
catalog answers it. Shapes and patterns come from those files, never typed again here; the one rule
JSON Schema cannot carry, the ISBN-13 check digit (a zod refinement in contracts' book.ts), is
checked below by the same rule."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jsonschema.validators import validator_for


@dataclass(frozen=True)
class Book:
    isbn: str
    title: str
    author: str
    year: int
    price_cents: int
    tags: tuple[str, ...]

    def to_json(self) -> dict:
        return {"isbn": self.isbn, "title": self.title, "author": self.author, "year": self.year, "priceCents": self.price_cents, "tags": list(self.tags)}


@dataclass(frozen=True)
class OrderItem:
    isbn: str
    title: str
    quantity: int
    price_cents: int


@dataclass(frozen=True)
class OrderPaid:
    order_id: str
    user_id: str
    at: str
    items: tuple[OrderItem, ...]
    total_cents: int


class ContractError(ValueError):
    """A payload the contract refuses, with what is wrong per field (problem+json's `errors`)."""

    def __init__(self, what: str, errors: dict[str, list[str]]) -> None:
        super().__init__(f"invalid {what}: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def has_valid_check_digit(isbn: str) -> bool:
    """ISBN-13: the digits weighted 1, 3, 1, 3, ... sum to a multiple of 10 (contracts' book.ts)."""
    return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(isbn)) % 10 == 0


class Contracts:
    def __init__(self, schemas_dir: Path) -> None:
        self._order_paid = self._validator(schemas_dir / "order.paid.json")
        self._book = self._validator(schemas_dir / "book.json")
        self._isbn = self._validator_of(self._book.schema["properties"]["isbn"], self._book.schema)

    @staticmethod
    def _validator(path: Path):
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise RuntimeError(f"cannot read the contract {path}: {err}") from err
        return Contracts._validator_of(schema, schema)

    @staticmethod
    def _validator_of(schema: dict, root: dict):
        # The dialect the file names ($schema: draft 2020-12), not a default of this library.
        cls = validator_for(root)
        cls.check_schema(root)
        return cls(schema)

    @staticmethod
    def _errors(validator, data: object) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            field = ".".join(str(p) for p in e.absolute_path) or "(root)"
            errors.setdefault(field, []).append(e.message)
        return errors

    def isbn_problems(self, isbn: object) -> list[str]:
        """What is wrong with an ISBN, in the words catalog answers with; [] when it is one."""
        if self._errors(self._isbn, isbn):
            return ["must be an ISBN-13: 13 digits, no hyphens"]
        return [] if has_valid_check_digit(str(isbn)) else ["has a wrong ISBN-13 check digit"]

    def _check_isbns(self, errors: dict[str, list[str]], isbns: dict[str, object]) -> None:
        for field, isbn in isbns.items():
            if field not in errors and isinstance(isbn, str) and not has_valid_check_digit(isbn):
                errors.setdefault(field, []).append("has a wrong ISBN-13 check digit")

    def parse_order_paid(self, data: object) -> OrderPaid:
        errors = self._errors(self._order_paid, data)
        if not errors:
            assert isinstance(data, dict)
            self._check_isbns(errors, {f"items.{i}.isbn": item["isbn"] for i, item in enumerate(data["items"])})
        if errors:
            raise ContractError("order.paid payload", errors)
        items = tuple(OrderItem(i["isbn"], i["title"], i["quantity"], i["priceCents"]) for i in data["items"])
        return OrderPaid(data["orderId"], data["userId"], data["at"], items, data["totalCents"])

    def parse_book(self, data: object) -> Book:
        errors = self._errors(self._book, data)
        if not errors:
            assert isinstance(data, dict)
            self._check_isbns(errors, {"isbn": data["isbn"]})
        if errors:
            raise ContractError("book", errors)
        return Book(data["isbn"], data["title"], data["author"], data["year"], data["priceCents"], tuple(data["tags"]))

