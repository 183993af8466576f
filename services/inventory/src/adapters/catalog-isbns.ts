import { HttpMethod, type DaprClient } from "@dapr/dapr";
import type { CatalogIsbns } from "../domain/catalog-seed.ts";

type BookPage = { items: Array<{ isbn: string }>; total: number };

const PAGE_SIZE = 100; // the most the catalog hands out per page

// Reads every ISBN from the catalog, page by page, by Dapr service invocation.
export class DaprCatalogIsbns implements CatalogIsbns {
  constructor(
    private readonly dapr: DaprClient,
    private readonly catalogAppId: string,
  ) {}

  async all(): Promise<string[]> {
    const isbns: string[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = (await this.dapr.invoker.invoke(this.catalogAppId, `api/books?page=${page}&pageSize=${PAGE_SIZE}`, HttpMethod.GET)) as BookPage;
      isbns.push(...items.map((book) => book.isbn));
      // An empty page ends it too, in case books were removed while we paged.
      if (items.length === 0 || isbns.length >= total) return isbns;
    }
  }
}
