"""GET /api/recommendations/{isbn}: the path the gateway relays as it is (every owner serves the
/api routes it is reached by) and the storefront's book page calls."""

from __future__ import annotations

from fastapi import APIRouter

from ..contracts import Contracts
from ..domain.ports import CatalogUnavailable
from ..domain.recommender import Recommender, UnknownBook
from ..kit.errors import AppError
from ..kit.logger import Logger


def recommendations_routes(recommender: Recommender, contracts: Contracts, logger: Logger) -> APIRouter:
    router = APIRouter()

    @router.get("/api/recommendations/{isbn}")
    async def recommendations(isbn: str) -> dict:
        problems = contracts.isbn_problems(isbn)
        if problems:
            # The same words and shape as catalog's validation of the same parameter.
            raise AppError("BAD_REQUEST", f"Invalid param: isbn: {'; '.join(problems)}", {"isbn": problems})
        try:
            books = await recommender.for_book(isbn)
        except UnknownBook as err:
            raise AppError("NOT_FOUND", str(err)) from err
        except CatalogUnavailable as err:
            logger.warn("catalog unavailable", err=err, isbn=isbn)
            raise AppError("UNAVAILABLE", "The catalog cannot be reached right now; try again shortly.") from err
        return {"items": [b.to_json() for b in books]}

    return router
