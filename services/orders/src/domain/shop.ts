// What checkout reads from the shop before an order exists: the shopper's cart, today's prices.
export interface Shop {
  cartOf(userId: string): Promise<Array<{ isbn: string; quantity: number }>>;
  book(isbn: string): Promise<{ title: string; priceCents: number } | undefined>;
}

// Starts the checkout saga for an order; starting the same order twice starts it once.
export interface Workflows {
  startCheckout(input: import("./checkout.ts").CheckoutInput): Promise<void>;
}
