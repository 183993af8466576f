import type { DaprClient } from "@dapr/dapr";
import { HttpMethod } from "@dapr/dapr";
import { sidecarStatus } from "@quire/kit";
import type { BookInfo, BookLookup } from "../domain/cart-service.ts";

// Asks the catalog, through Dapr service invocation, for a book's title and current price.
export class CatalogLookup implements BookLookup {
  constructor(
    private readonly dapr: DaprClient,
    private readonly catalogAppId: string,
  ) {}

  async find(isbn: string): Promise<BookInfo | undefined> {
    try {
      const book = (await this.dapr.invoker.invoke(this.catalogAppId, `api/books/${isbn}`, HttpMethod.GET)) as BookInfo;
      return { title: book.title, priceCents: book.priceCents };
    } catch (err) {
      if (sidecarStatus(err) === 404) return undefined;
      throw err;
    }
  }
}
