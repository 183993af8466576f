"""The contract, from this side: packages/contracts writes the JSON Schemas and one example payload
per event from its zod schemas; if either changes and this service's model does not follow, these fail."""

import dataclasses
import json

import pytest

from .contracts import ContractError, OrderItem, OrderPaid, has_valid_check_digit
from .testing import SCHEMAS_DIR, contracts

EXAMPLE = json.loads((SCHEMAS_DIR / "examples" / "order.paid.json").read_text())


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


def test_the_example_order_paid_is_valid_and_parses_with_this_services_model():
    paid = contracts().parse_order_paid(EXAMPLE)
    assert paid.order_id == EXAMPLE["orderId"]
    assert [i.isbn for i in paid.items] == [i["isbn"] for i in EXAMPLE["items"]]
    assert paid.total_cents == EXAMPLE["totalCents"]


def test_this_services_model_has_every_field_of_the_contract_and_no_other():
    # A field added to (or renamed in) order.paid in TypeScript reaches the example and the schema;
    # the model here must take it up, or this fails.
    assert {camel(f.name) for f in dataclasses.fields(OrderPaid)} == set(EXAMPLE)
    assert {camel(f.name) for f in dataclasses.fields(OrderItem)} == set(EXAMPLE["items"][0])
    schema = json.loads((SCHEMAS_DIR / "order.paid.json").read_text())
    assert set(schema["required"]) == set(EXAMPLE)


@pytest.mark.parametrize(
    "case, change, field",
    [
        ("no items", lambda d: d.pop("items"), "(root)"),
        ("empty items", lambda d: d.update(items=[]), "items"),
        ("a malformed ISBN", lambda d: d["items"][0].update(isbn="978-1"), "items.0.isbn"),
        ("a wrong check digit", lambda d: d["items"][0].update(isbn="9781000000017"), "items.0.isbn"),
        ("a zero quantity", lambda d: d["items"][0].update(quantity=0), "items.0.quantity"),
        ("a bad order id", lambda d: d.update(orderId="has spaces"), "orderId"),
        ("a date that is not one", lambda d: d.update(at="yesterday"), "at"),
        ("a field the contract does not have", lambda d: d.update(coupon="X"), "(root)"),
    ],
)
def test_the_schema_refuses(case, change, field):
    data = json.loads(json.dumps(EXAMPLE))
    change(data)
    with pytest.raises(ContractError) as refused:
        contracts().parse_order_paid(data)
    assert field in refused.value.errors


def test_a_book_parses_strictly():
    book = {"isbn": "9781000000016", "title": "Pride and Prejudice", "author": "Jane Austen", "year": 1813, "priceCents": 399, "tags": ["novel"]}
    assert contracts().parse_book(book).price_cents == 399
    for bad in ({**book, "priceCents": "3.99"}, {**book, "extra": 1}, {k: v for k, v in book.items() if k != "tags"}, {**book, "isbn": "9781000000017"}):
        with pytest.raises(ContractError):
            contracts().parse_book(bad)


@pytest.mark.parametrize("isbn, valid", [("9781000000016", True), ("9780000000002", True), ("9781000000017", False), ("0000000000000", True)])
def test_check_digit(isbn, valid):
    assert has_valid_check_digit(isbn) is valid
