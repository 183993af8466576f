import asyncio

import pytest

from ..adapters.memory import MemoryCatalog, MemoryStateStore
from ..testing import CATALOG, DRACULA, EMMA, FRANKENSTEIN, JANE_EYRE, PERSUASION, PRIDE, PRINCE, SENSE, ULYSSES, WALDEN
from .recommender import MAX_RECOMMENDATIONS, Recommender, UnknownBook, choose, ranked
from .sales import Sales


def recommend(isbn, orders=(), catalog=CATALOG):
    sales = Sales(MemoryStateStore())
    for i, books in enumerate(orders):
        asyncio.run(sales.record(f"o{i}", [b.isbn for b in books]))
    store = MemoryCatalog(catalog)
    found = asyncio.run(Recommender(sales, store).for_book(isbn))
    return [b.title for b in found], store


def test_ranks_by_count_then_isbn():
    assert ranked({"b": 1, "a": 1, "c": 3, "self": 9}, "self") == ["c", "a", "b"]


def test_most_co_purchased_first():
    titles, _ = recommend(WALDEN.isbn, [[WALDEN, DRACULA], [WALDEN, PRINCE], [WALDEN, PRINCE], [PRINCE, DRACULA]])
    assert titles[:2] == ["The Prince", "Dracula"]


def test_before_any_sale_the_same_author_then_shared_tags():
    titles, _ = recommend(PRIDE.isbn)
    # Austen's other books in catalog order, then the one sharing both of romance and novel.
    assert titles == ["Emma", "Persuasion", "Sense and Sensibility", "Jane Eyre", "Dracula"]


def test_fills_up_after_the_co_purchases_without_repeating_one():
    titles, _ = recommend(PRIDE.isbn, [[PRIDE, ULYSSES], [PRIDE, EMMA]])
    assert titles == ["Emma", "Ulysses", "Persuasion", "Sense and Sensibility", "Jane Eyre"]


def test_never_the_book_itself_and_never_more_than_five():
    many = [[PRIDE, b] for b in CATALOG]
    titles, _ = recommend(PRIDE.isbn, many)
    assert len(titles) == MAX_RECOMMENDATIONS
    assert "Pride and Prejudice" not in titles


def test_a_book_sharing_nothing_gets_only_what_shares_something():
    titles, _ = recommend(PRINCE.isbn)
    assert titles == ["Walden"]


def test_skips_a_co_purchased_book_the_catalog_no_longer_has():
    titles, _ = recommend(WALDEN.isbn, [[WALDEN, FRANKENSTEIN], [WALDEN, PRINCE]], catalog=[b for b in CATALOG if b != FRANKENSTEIN])
    assert titles == ["The Prince"]


def test_with_five_co_purchases_asks_catalog_for_those_alone():
    orders = [[PRIDE, b] for b in (SENSE, EMMA, PERSUASION, DRACULA, JANE_EYRE)]
    titles, catalog = recommend(PRIDE.isbn, orders)
    assert sorted(titles) == sorted(["Sense and Sensibility", "Emma", "Persuasion", "Dracula", "Jane Eyre"])
    assert catalog.calls == 1 + MAX_RECOMMENDATIONS


def test_an_isbn_catalog_does_not_know():
    with pytest.raises(UnknownBook):
        recommend("9780000000002")


def test_choose_keeps_the_catalogs_order_within_a_tie():
    by_title = sorted(CATALOG, key=lambda b: b.title)
    assert [b.title for b in choose(ULYSSES, {}, by_title)] == ["Dracula", "Emma", "Frankenstein", "Jane Eyre", "Persuasion"]
