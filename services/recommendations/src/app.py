"""create_app(deps): the recommendations app, with everything it uses handed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable

from fastapi import FastAPI

from .contracts import Contracts
from .domain.recommender import Recommender
from .domain.sales import Sales
from .kit.logger import Logger
from .kit.metrics import Metrics
from .kit.service_app import create_service_app
from .routes.events import events_routes
from .routes.recommendations import recommendations_routes

SERVICE = "recommendations"


@dataclass
class Deps:
    sales: Sales
    recommender: Recommender
    contracts: Contracts
    logger: Logger
    metrics: Metrics
    # The token the sidecar presents on every call (APP_API_TOKEN); absent only in unit tests.
    app_token: str | None = None
    pubsub: str = "pubsub"
    # Run when the server stops (closing the sidecar client).
    on_shutdown: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


def create_app(deps: Deps) -> FastAPI:
    app = create_service_app(service=SERVICE, logger=deps.logger, metrics=deps.metrics, app_token=deps.app_token, on_shutdown=deps.on_shutdown)
    app.include_router(recommendations_routes(deps.recommender, deps.contracts, deps.logger))
    app.include_router(events_routes(deps.sales, deps.contracts, deps.metrics, deps.logger, deps.pubsub))
    return app
