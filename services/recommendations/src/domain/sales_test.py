import asyncio

import pytest

from ..adapters.memory import MemoryStateStore
from ..testing import DRACULA, EMMA, PRIDE, SENSE
from .sales import REMEMBERED_ORDERS, ConflictsPersist, Sales, StoredRecordInvalid, record_key

A, B, C, D = PRIDE.isbn, SENSE.isbn, EMMA.isbn, DRACULA.isbn


def run(coro):
    return asyncio.run(coro)


def test_counts_each_pair_of_an_order_both_ways():
    sales = Sales(MemoryStateStore())
    run(sales.record("o1", [A, B, C]))
    assert run(sales.counts(A)) == {B: 1, C: 1}
    assert run(sales.counts(B)) == {A: 1, C: 1}
    assert run(sales.counts(D)) == {}


def test_adds_up_over_orders_and_ignores_repeated_lines_and_one_book_orders():
    sales = Sales(MemoryStateStore())
    run(sales.record("o1", [A, B]))
    run(sales.record("o2", [A, B, B]))
    run(sales.record("o3", [A, C]))
    run(sales.record("o4", [D]))
    assert run(sales.counts(A)) == {B: 2, C: 1}
    assert run(sales.counts(D)) == {}


def test_an_order_delivered_again_is_counted_once():
    sales = Sales(MemoryStateStore())
    assert run(sales.record("o1", [A, B])) is True
    assert run(sales.record("o1", [A, B])) is False
    assert run(sales.counts(A)) == {B: 1}


def test_racing_copies_of_one_order_count_once_and_the_race_really_happened():
    state = MemoryStateStore(interleave=True)
    sales = Sales(state)

    async def deliver_three_at_once():
        await asyncio.gather(*(sales.record("o1", [A, B, C]) for _ in range(3)))

    run(deliver_three_at_once())
    assert run(sales.counts(A)) == {B: 1, C: 1}
    assert run(sales.counts(C)) == {A: 1, B: 1}
    # Without lost races the copies ran one after another, and this proved nothing.
    assert sales.conflicts > 0


def test_orders_racing_on_one_book_lose_nothing():
    sales = Sales(MemoryStateStore(interleave=True))

    async def twenty_orders_at_once():
        await asyncio.gather(*(sales.record(f"o{i}", [A, B]) for i in range(20)))

    run(twenty_orders_at_once())
    assert run(sales.counts(A)) == {B: 20}
    assert sales.conflicts > 0


class DiesAfter(MemoryStateStore):
    """A store that stops answering after `writes` writes, like a sidecar that goes away mid-delivery."""

    def __init__(self, writes: int) -> None:
        super().__init__()
        self.writes_left = writes

    async def save(self, key, value, etag):
        if self.writes_left == 0:
            raise ConnectionError("sidecar unavailable")
        self.writes_left -= 1
        return await super().save(key, value, etag)


def test_a_delivery_that_died_half_way_is_finished_not_doubled_by_the_next():
    state = DiesAfter(writes=1)
    sales = Sales(state)
    with pytest.raises(ConnectionError):
        run(sales.record("o1", [A, B, C]))
    assert run(sales.counts(A)) == {B: 1, C: 1}
    assert run(sales.counts(B)) == {}
    state.writes_left = -1  # back
    run(sales.record("o1", [A, B, C]))
    assert run(sales.counts(A)) == {B: 1, C: 1}
    assert run(sales.counts(B)) == {A: 1, C: 1}


def test_remembers_only_the_newest_order_ids_per_book():
    state = MemoryStateStore()
    sales = Sales(state)
    for i in range(REMEMBERED_ORDERS + 3):
        run(sales.record(f"o{i}", [A, B]))
    record = run(state.get(record_key(A))).value
    assert len(record["orders"]) == REMEMBERED_ORDERS
    assert record["orders"][-1] == f"o{REMEMBERED_ORDERS + 2}"
    assert record["counts"] == {B: REMEMBERED_ORDERS + 3}
    # An old order delivered again is still known by its paid: marker.
    assert run(sales.record("o0", [A, B])) is False


class AlwaysLoses(MemoryStateStore):
    async def save(self, key, value, etag):
        return "conflict" if key.startswith("copurchase:") else await super().save(key, value, etag)


def test_gives_up_when_other_writers_keep_winning():
    with pytest.raises(ConflictsPersist):
        run(Sales(AlwaysLoses(), backoff_seconds=0).record("o1", [A, B]))


def test_refuses_a_record_in_another_shape():
    state = MemoryStateStore()
    run(state.save(record_key(A), {"counts": {B: "many"}}, None))
    with pytest.raises(StoredRecordInvalid):
        run(Sales(state).counts(A))
