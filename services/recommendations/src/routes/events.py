"""POST /events/orders: where this app's sidecar delivers the "orders" topic
(dapr/resources/subscriptions.yaml). The answers mean what they mean in packages/kit/src/subscriber.ts:
SUCCESS acknowledges; RETRY redelivers (the sidecar's retries, then the dead-letter topic); DROP
discards a message that can never be processed, which Dapr sends to the dead-letter topic."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request

from ..contracts import ContractError, Contracts
from ..domain.sales import Sales
from ..kit.logger import Logger
from ..kit.metrics import Metrics

ORDER_PAID = "order.paid"


def events_routes(sales: Sales, contracts: Contracts, metrics: Metrics, logger: Logger, pubsub: str) -> APIRouter:
    router = APIRouter()

    def answer(status: str, type_: str | None = None, why: str | None = None, **context) -> dict:
        # Counted by the event types this app handles (a bounded set), never by anything a sender chose.
        if type_:
            metrics.count_event(type_, status.lower())
        # Dropped is not lost: Dapr sends it to the subscription's dead-letter topic.
        if why:
            logger.warn("dropping event", **context, why=why)
        return {"status": status}

    @router.post("/events/orders")
    async def orders(request: Request) -> dict:
        try:
            event = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            event = None
        if not (isinstance(event, dict) and _nonempty(event.get("id")) and _nonempty(event.get("type")) and "data" in event):
            return answer("DROP", why="malformed CloudEvent")
        event_id, type_ = event["id"], event["type"]
        # Dapr names the component a delivery came through; only the configured broker's count.
        if event.get("pubsubname", pubsub) != pubsub:
            return answer("DROP", why=f"delivered through pub/sub {event['pubsubname']!r}, not {pubsub!r}", eventId=event_id)
        if type_ != ORDER_PAID:
            return answer("SUCCESS")
        try:
            paid = contracts.parse_order_paid(event["data"])
        except ContractError as err:
            return answer("DROP", type_, f"invalid {ORDER_PAID} payload", err=err, eventId=event_id)
        try:
            counted = await sales.record(paid.order_id, [item.isbn for item in paid.items])
        except Exception as err:  # noqa: BLE001 — whatever failed, Dapr delivers it again
            logger.warn("event handling failed; Dapr will redeliver", err=err, eventId=event_id, type=type_)
            return answer("RETRY", type_)
        if not counted:
            logger.info("order already counted", eventId=event_id, orderId=paid.order_id)
        return answer("SUCCESS", type_)

    return router


def _nonempty(value: object) -> bool:
    return isinstance(value, str) and value != ""
