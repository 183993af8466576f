"""The domain's Catalog by service invocation of catalog through this app's sidecar, the same
routes the gateway relays to. Every answer is parsed with the contract's Book schema."""

from __future__ import annotations

import httpx

from ..contracts import Book, ContractError, Contracts
from ..domain.ports import CatalogUnavailable
from .sidecar import Sidecar

PAGE_SIZE = 100  # catalog's largest page


class DaprCatalog:
    def __init__(self, sidecar: Sidecar, contracts: Contracts, app_id: str = "catalog") -> None:
        self.sidecar, self.contracts, self.app_id = sidecar, contracts, app_id

    async def _get(self, target: str) -> httpx.Response:
        try:
            return await self.sidecar.request("GET", f"/v1.0/invoke/{self.app_id}/method{target}", headers={"accept": "application/json"})
        except httpx.HTTPError as err:
            raise CatalogUnavailable(f"{self.app_id} {target}: {err!r}") from err

    async def book(self, isbn: str) -> Book | None:
        res = await self._get(f"/api/books/{isbn}")
        if res.status_code == 404:
            return None
        if res.status_code != 200:
            raise CatalogUnavailable(f"{self.app_id} answered {res.status_code} for {isbn}: {res.text[:300]}")
        return self._parse(res)

    async def books(self) -> list[Book]:
        found: list[Book] = []
        page = 1
        while True:
            res = await self._get(f"/api/books?page={page}&pageSize={PAGE_SIZE}")
            if res.status_code != 200:
                raise CatalogUnavailable(f"{self.app_id} answered {res.status_code} for page {page}: {res.text[:300]}")
            body = res.json()
            items, total = (body.get("items"), body.get("total")) if isinstance(body, dict) else (None, None)
            if not isinstance(items, list) or type(total) is not int:
                raise CatalogUnavailable(f"{self.app_id} answered a page without items and total: {res.text[:300]}")
            found += [self._book(item) for item in items]
            if not items or len(found) >= total:
                return found
            page += 1

    def _parse(self, res: httpx.Response) -> Book:
        try:
            return self._book(res.json())
        except ValueError as err:
            raise CatalogUnavailable(f"{self.app_id} answered something that is not JSON: {res.text[:300]}") from err

    def _book(self, data: object) -> Book:
        try:
            return self.contracts.parse_book(data)
        except ContractError as err:
            raise CatalogUnavailable(f"{self.app_id} answered a book its contract does not allow: {err}") from err
