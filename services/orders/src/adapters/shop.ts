import { HttpMethod, type DaprClient } from "@dapr/dapr";
import { sidecarStatus } from "@quire/kit";
import type { Shop } from "../domain/shop.ts";

// The cart and catalog services, by Dapr service invocation.
export class DaprShop implements Shop {
  constructor(
    private readonly dapr: DaprClient,
    private readonly apps: { cart: string; catalog: string },
  ) {}

  async cartOf(userId: string) {
    const cart = (await this.dapr.invoker.invoke(this.apps.cart, "api/cart", HttpMethod.GET, undefined, { headers: { "x-user-id": userId } })) as {
      items: Array<{ isbn: string; quantity: number }>;
    };
    return cart.items.map(({ isbn, quantity }) => ({ isbn, quantity }));
  }

  async book(isbn: string) {
    try {
      const book = (await this.dapr.invoker.invoke(this.apps.catalog, `api/books/${isbn}`, HttpMethod.GET)) as { title: string; priceCents: number };
      return { title: book.title, priceCents: book.priceCents };
    } catch (err) {
      if (sidecarStatus(err) === 404) return undefined;
      throw err;
    }
  }
}
