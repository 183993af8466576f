import asyncio
import copy
import io
import json
import uuid

import pytest
from starlette.testclient import TestClient

from ..adapters.memory import MemoryCatalog, MemoryStateStore
from ..app import Deps, create_app
from ..domain.recommender import Recommender
from ..domain.sales import Sales
from ..kit.logger import Logger
from ..kit.metrics import Metrics
from ..testing import CATALOG, DRACULA, EMMA, PRIDE, SCHEMAS_DIR, WALDEN, contracts

EXAMPLE = json.loads((SCHEMAS_DIR / "examples" / "order.paid.json").read_text())


class World:
    def __init__(self, *, token=None, failing_catalog=False, state=None) -> None:
        self.log = io.StringIO()
        self.state = state or MemoryStateStore()
        self.sales = Sales(self.state, backoff_seconds=0)
        self.catalog = MemoryCatalog(CATALOG, failing=failing_catalog)
        deps = Deps(
            sales=self.sales,
            recommender=Recommender(self.sales, self.catalog),
            contracts=contracts(),
            logger=Logger("recommendations", "debug", self.log),
            metrics=Metrics("recommendations", "0.1.0"),
            app_token=token,
        )
        self.client = TestClient(create_app(deps), raise_server_exceptions=False)

    def lines(self):
        return [json.loads(line) for line in self.log.getvalue().splitlines()]

    def deliver(self, event) -> str:
        res = self.client.post("/events/orders", content=event if isinstance(event, str) else json.dumps(event))
        assert res.status_code == 200
        return res.json()["status"]

    def titles(self, isbn):
        res = self.client.get(f"/api/recommendations/{isbn}")
        assert res.status_code == 200, res.text
        return [b["title"] for b in res.json()["items"]]


def paid(order_id, *books, event_id=None):
    data = copy.deepcopy(EXAMPLE)
    data["orderId"] = order_id
    data["items"] = [{"isbn": b.isbn, "title": b.title, "quantity": 1, "priceCents": b.price_cents} for b in books]
    return {"specversion": "1.0", "id": event_id or str(uuid.uuid4()), "type": "order.paid", "source": "orders", "data": data}


def expect_problem(res, status):
    assert res.status_code == status
    assert res.headers["content-type"].startswith("application/problem+json")
    body = res.json()
    assert {"type", "title", "status", "detail", "requestId"} <= body.keys()
    assert body["status"] == status
    assert body["requestId"] == res.headers["x-request-id"]
    return body


# --- happy -------------------------------------------------------------------------------------

def test_answers_books_in_the_public_shape():
    w = World()
    res = w.client.get(f"/api/recommendations/{PRIDE.isbn}")
    assert res.status_code == 200
    first = res.json()["items"][0]
    assert first == {"isbn": EMMA.isbn, "title": "Emma", "author": "Jane Austen", "year": 1900, "priceCents": 999, "tags": ["novel", "romance"]}


def test_learns_from_order_paid_most_co_purchased_first():
    w = World()
    for order in (paid("o1", WALDEN, DRACULA), paid("o2", WALDEN, EMMA), paid("o3", EMMA, WALDEN, PRIDE)):
        assert w.deliver(order) == "SUCCESS"
    # Emma twice; Pride and Dracula once each, the lower ISBN first.
    assert w.titles(WALDEN.isbn)[:3] == ["Emma", "Pride and Prejudice", "Dracula"]


def test_counts_an_order_once_however_often_and_under_whatever_id_it_comes():
    w = World()
    w.deliver(paid("o1", WALDEN, DRACULA, event_id="e1"))
    for event in (paid("o1", WALDEN, DRACULA, event_id="e1"), paid("o1", WALDEN, DRACULA, event_id="e1-announced-again")):
        assert w.deliver(event) == "SUCCESS"
    w.deliver(paid("o2", WALDEN, EMMA))
    w.deliver(paid("o3", WALDEN, EMMA))
    # Emma's two orders outrank Dracula's one, delivered three times.
    assert w.titles(WALDEN.isbn)[:2] == ["Emma", "Dracula"]
    assert asyncio.run(w.sales.counts(WALDEN.isbn)) == {DRACULA.isbn: 1, EMMA.isbn: 2}


def test_health_and_metrics_are_open_and_report_the_build():
    w = World(token="secret")
    assert w.client.get("/healthz").json() == {"status": "ok", "service": "recommendations"}
    text = w.client.get("/metrics").text
    assert 'quire_build_info{runtime="python ' in text and 'service="recommendations",version="0.1.0"} 1.0' in text
    # The runtime's own series carry the service too: Prometheus counts the apps by it.
    assert 'process_resident_memory_bytes{service="recommendations"}' in text


def test_counts_requests_by_route_pattern_and_events_by_type():
    w = World()
    w.titles(PRIDE.isbn)
    w.deliver(paid("o1", WALDEN, DRACULA))
    text = w.client.get("/metrics").text
    assert 'route="/api/recommendations/{isbn}"' in text
    assert 'quire_events_handled_total{outcome="success",service="recommendations",type="order.paid"} 1.0' in text


def test_logs_each_request_with_the_pino_fields():
    w = World()
    res = w.client.get(f"/api/recommendations/{PRIDE.isbn}", headers={"x-request-id": "req-1", "traceparent": "00-" + "ab" * 16 + "-" + "cd" * 8 + "-01"})
    assert res.headers["x-request-id"] == "req-1"
    line = next(line for line in w.lines() if line["msg"] == "request")
    assert line == {
        "level": 30, "time": line["time"], "name": "recommendations", "service": "recommendations",
        "trace_id": "ab" * 16, "span_id": "cd" * 8,
        "requestId": "req-1", "method": "GET", "path": f"/api/recommendations/{PRIDE.isbn}", "status": 200, "ms": line["ms"], "msg": "request",
    }


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "case, isbn, message",
    [
        ("letters", "not-an-isbn", "must be an ISBN-13: 13 digits, no hyphens"),
        ("twelve digits", "978100000001", "must be an ISBN-13: 13 digits, no hyphens"),
        ("hyphens", "978-1-00-000001-6", "must be an ISBN-13: 13 digits, no hyphens"),
        ("a wrong check digit", "9781000000017", "has a wrong ISBN-13 check digit"),
    ],
)
def test_a_malformed_isbn_is_a_400_problem(case, isbn, message):
    body = expect_problem(World().client.get(f"/api/recommendations/{isbn}"), 400)
    assert body["errors"] == {"isbn": [message]}
    assert body["type"] == "urn:quire:problem:bad-request"


def test_an_isbn_catalog_does_not_know_is_a_404_problem():
    body = expect_problem(World().client.get("/api/recommendations/9780000000002"), 404)
    assert body["detail"] == "No book with ISBN 9780000000002"


def test_catalog_down_is_a_503_problem_not_a_stack():
    w = World(failing_catalog=True)
    body = expect_problem(w.client.get(f"/api/recommendations/{PRIDE.isbn}"), 503)
    assert "Traceback" not in json.dumps(body)
    assert any(line["msg"] == "catalog unavailable" and line["level"] == 40 for line in w.lines())


class BrokenState(MemoryStateStore):
    async def get(self, key):
        raise ConnectionError("sidecar unavailable")


def test_an_unknown_failure_is_a_500_problem_and_logged_with_its_cause():
    w = World(state=BrokenState())
    body = expect_problem(w.client.get(f"/api/recommendations/{PRIDE.isbn}"), 500)
    assert body["detail"] == "Something went wrong on our side; the error was logged."
    failed = next(line for line in w.lines() if line["msg"] == "request failed")
    assert failed["level"] == 50 and failed["err"]["type"] == "ConnectionError" and failed["err"]["message"] == "sidecar unavailable"


@pytest.mark.parametrize("method, path", [("GET", "/nothing-here"), ("POST", "/api/recommendations/9781000000016"), ("GET", "/events/orders")])
def test_no_route_is_a_404_problem(method, path):
    expect_problem(World().client.request(method, path), 404)


@pytest.mark.parametrize(
    "case, event, answer",
    [
        ("not JSON", "{id:", "DROP"),
        ("not a CloudEvent", {"type": "order.paid"}, "DROP"),
        ("without data", {"id": "e1", "type": "order.paid"}, "DROP"),
        ("an order.paid without its items", {"id": "e1", "type": "order.paid", "data": {k: v for k, v in EXAMPLE.items() if k != "items"}}, "DROP"),
        ("an order.paid with a bad check digit", {"id": "e1", "type": "order.paid", "data": {**EXAMPLE, "items": [{**EXAMPLE["items"][0], "isbn": "9781000000017"}]}}, "DROP"),
        ("through another pub/sub", {**paid("o1", WALDEN, EMMA), "pubsubname": "elsewhere"}, "DROP"),
        ("another type", {"id": "e1", "type": "order.placed", "data": {}}, "SUCCESS"),
    ],
)
def test_event_answers(case, event, answer):
    w = World()
    assert w.deliver(event) == answer
    assert asyncio.run(w.sales.counts(WALDEN.isbn)) == {}


def test_an_invalid_order_paid_is_dropped_with_a_warning_naming_the_event():
    w = World()
    w.deliver({"id": "evt-bad", "type": "order.paid", "data": {"orderId": "not-a-whole-event"}})
    dropped = next(line for line in w.lines() if line["msg"] == "dropping event")
    assert dropped["level"] == 40 and dropped["eventId"] == "evt-bad" and dropped["why"] == "invalid order.paid payload"
    # The e2e suite finds the line by this exact text in the app's log.
    assert '"why":"invalid order.paid payload"' in w.log.getvalue()


def test_a_failure_while_counting_is_retried_by_dapr():
    w = World(state=BrokenState())
    assert w.deliver(paid("o1", WALDEN, EMMA)) == "RETRY"
    assert any(line["msg"] == "event handling failed; Dapr will redeliver" for line in w.lines())


# --- security ----------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [{}, {"dapr-api-token": "wrong"}, {"dapr-api-token": ""}])
@pytest.mark.parametrize("method, path", [("GET", f"/api/recommendations/{PRIDE.isbn}"), ("POST", "/events/orders"), ("GET", "/nothing-here")])
def test_only_the_sidecar_token_opens_the_app(headers, method, path):
    body = expect_problem(World(token="secret").client.request(method, path, headers=headers), 401)
    assert body["type"] == "urn:quire:problem:unauthorized"


def test_the_sidecar_token_opens_it():
    w = World(token="secret")
    assert w.client.get(f"/api/recommendations/{PRIDE.isbn}", headers={"dapr-api-token": "secret"}).status_code == 200
