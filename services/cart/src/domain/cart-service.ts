import { AppError, ContendedError, mutate, type StateStore } from "@quire/kit";
import { cartSchema, emptyCart, view, withItem, type Cart, type CartView } from "./cart.ts";

export type BookInfo = { title: string; priceCents: number };

// Where prices and titles come from: the catalog, which owns them.
export interface BookLookup {
  find(isbn: string): Promise<BookInfo | undefined>;
}

const cartKey = (userId: string) => `cart:${userId}`;

// One cart per user under one key; every change goes through `mutate` (ETag read-modify-write,
// retried on a lost race), so concurrent updates are never lost.
export class CartService {
  constructor(
    private readonly state: StateStore,
    private readonly books: BookLookup,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(userId: string): Promise<CartView> {
    return view(await this.read(userId).then((r) => r.cart));
  }

  async setQuantity(userId: string, isbn: string, quantity: number): Promise<CartView> {
    if (quantity === 0) return this.change(userId, (cart) => withItem(cart, { isbn, quantity: 0 }));
    const book = await this.books.find(isbn);
    if (!book) throw new AppError("NOT_FOUND", `No book with ISBN ${isbn}`);
    return this.change(userId, (cart) => withItem(cart, { isbn, title: book.title, quantity, priceCents: book.priceCents }));
  }

  async remove(userId: string, isbn: string): Promise<CartView> {
    return this.change(userId, (cart) => withItem(cart, { isbn, quantity: 0 }));
  }

  async clear(userId: string): Promise<void> {
    await this.state.delete(cartKey(userId));
  }

  // An order placed at `placedAt` took the cart's contents: empty it, unless the shopper has
  // changed it since (order.placed can arrive late, or twice, and must not empty a new cart).
  async clearOrdered(userId: string, placedAt: string): Promise<void> {
    await mutate<unknown>(
      this.state,
      cartKey(userId),
      (current) => {
        if (current === undefined) return undefined;
        const cart = cartSchema.parse(current);
        if (cart.items.length === 0 || (cart.changedAt !== undefined && cart.changedAt > placedAt)) return undefined;
        return { items: [], changedAt: placedAt } satisfies Cart;
      },
      { ttlSeconds: this.ttlSeconds },
    );
  }

  private async change(userId: string, update: (cart: Cart) => Cart): Promise<CartView> {
    try {
      const changedAt = this.now().toISOString();
      const next = await mutate<unknown>(this.state, cartKey(userId), (current) => ({ ...update(current === undefined ? emptyCart() : cartSchema.parse(current)), changedAt }), {
        ttlSeconds: this.ttlSeconds,
      });
      return view(next as Cart);
    } catch (err) {
      if (err instanceof ContendedError) throw new AppError("CONFLICT", "The cart kept changing while we updated it; please try again.");
      throw err;
    }
  }

  private async read(userId: string): Promise<{ cart: Cart }> {
    const { value } = await this.state.get<unknown>(cartKey(userId));
    return { cart: value === undefined ? emptyCart() : cartSchema.parse(value) };
  }
}
