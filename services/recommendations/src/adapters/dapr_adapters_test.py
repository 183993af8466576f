"""The Dapr adapters against a stand-in for the sidecar's HTTP API (httpx's MockTransport): the
requests they send (paths, token, trace, first-write) and how they read the answers. Whether
daprd really answers so is for the system tests, on real sidecars."""

import asyncio
import json

import httpx
import pytest

from ..domain.ports import CatalogUnavailable
from ..kit.trace import enter_trace, leave_trace, new_trace
from ..testing import PRIDE, contracts
from .dapr_catalog import DaprCatalog
from .dapr_state import DaprStateStore, StateError
from .sidecar import Sidecar


def sidecar(handler) -> Sidecar:
    s = Sidecar("127.0.0.1", 3511, "sidecar-token")
    s.client = httpx.AsyncClient(base_url="http://127.0.0.1:3511", headers={"dapr-api-token": "sidecar-token"}, transport=httpx.MockTransport(handler))
    return s


def run(coro):
    return asyncio.run(coro)


def test_reads_a_value_with_its_etag_and_sends_the_token_and_trace():
    seen = []

    def handler(req: httpx.Request):
        seen.append(req)
        return httpx.Response(200, json={"counts": {}}, headers={"etag": "7"})

    async def go():
        token = enter_trace(trace := new_trace())
        try:
            return await DaprStateStore(sidecar(handler), "recommendationstore").get("copurchase:9781000000016"), trace
        finally:
            leave_trace(token)

    (value, trace) = run(go())
    assert (value.value, value.etag) == ({"counts": {}}, "7")
    assert seen[0].url.path == "/v1.0/state/recommendationstore/copurchase:9781000000016"
    assert seen[0].headers["dapr-api-token"] == "sidecar-token"
    assert seen[0].headers["traceparent"] == trace.traceparent


def test_a_missing_key_is_none():
    value = run(DaprStateStore(sidecar(lambda req: httpx.Response(204)), "s").get("k"))
    assert (value.value, value.etag) == (None, None)


def test_saves_first_write_with_the_etag_and_reads_409_as_a_lost_race():
    bodies = []

    def handler(req: httpx.Request):
        bodies.append(json.loads(req.content))
        return httpx.Response(409 if len(bodies) > 1 else 204)

    store = DaprStateStore(sidecar(handler), "s")
    assert run(store.save("k", {"a": 1}, "3")) == "saved"
    assert bodies[0] == [{"key": "k", "value": {"a": 1}, "etag": "3", "options": {"concurrency": "first-write"}}]
    assert run(store.save("k", {"a": 2}, "3")) == "conflict"


def test_a_create_that_lost_is_a_conflict_whatever_the_store_answered():
    def handler(req: httpx.Request):
        return httpx.Response(500, text="redis: error") if req.method == "POST" else httpx.Response(200, json={}, headers={"etag": "1"})

    assert run(DaprStateStore(sidecar(handler), "s").save("k", {}, None)) == "conflict"


def test_tries_a_deadlocked_write_again_and_reports_other_failures():
    answers = iter([httpx.Response(500, text="Error 1213: Deadlock found when trying to get lock; try restarting transaction"), httpx.Response(204)])
    assert run(DaprStateStore(sidecar(lambda req: next(answers)), "s").save("k", {}, "1")) == "saved"
    with pytest.raises(StateError):
        run(DaprStateStore(sidecar(lambda req: httpx.Response(500, text="no")), "s").save("k", {}, "1"))


BOOK = {"isbn": PRIDE.isbn, "title": "Pride and Prejudice", "author": "Jane Austen", "year": 1813, "priceCents": 399, "tags": ["novel"]}


def test_invokes_catalog_through_the_sidecar_and_parses_the_book():
    seen = []

    def handler(req: httpx.Request):
        seen.append(req)
        return httpx.Response(200, json=BOOK)

    book = run(DaprCatalog(sidecar(handler), contracts()).book(PRIDE.isbn))
    assert book.title == "Pride and Prejudice"
    assert seen[0].url.path == f"/v1.0/invoke/catalog/method/api/books/{PRIDE.isbn}"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500, json={"errorCode": "ERR_DIRECT_INVOKE"}),
        httpx.Response(403, text="access control policy has denied access"),
        httpx.Response(200, json={**BOOK, "priceCents": "3.99"}),
        httpx.Response(200, text="<html>"),
    ],
)
def test_anything_but_a_book_or_404_is_catalog_unavailable(answer):
    with pytest.raises(CatalogUnavailable):
        run(DaprCatalog(sidecar(lambda req: answer), contracts()).book(PRIDE.isbn))


def test_unknown_is_none():
    assert run(DaprCatalog(sidecar(lambda req: httpx.Response(404, json={})), contracts()).book(PRIDE.isbn)) is None


def test_reads_every_page_of_the_catalog():
    def handler(req: httpx.Request):
        page = int(req.url.params["page"])
        assert req.url.params["pageSize"] == "100"
        items = [BOOK] * (100 if page == 1 else 10)
        return httpx.Response(200, json={"items": items, "page": page, "pageSize": 100, "total": 110})

    assert len(run(DaprCatalog(sidecar(handler), contracts()).books())) == 110
