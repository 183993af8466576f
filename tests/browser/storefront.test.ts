import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, cluster } from "../harness/client.ts";
import { available, CARDS, setStock } from "../harness/shop.ts";
import { addToCart, checkOut, launchChromium, register, registerAt, shoot, statusReads, type Book } from "../harness/browser.ts";

// A person in a real browser (Debian's Chromium, driven by playwright-core) using the shop through
// the gateway, against the real topology. Screenshots of the key pages: tests/.artifacts/screenshots.
// Each test owns one book's stock (page 5 is no other test's).
const books = async (): Promise<Book[]> => ((await (await api("/api/books?page=5&pageSize=20")).json()) as { items: Book[] }).items;

let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  await Promise.all(pages.splice(0).map((p) => p.context().close()));
});
afterAll(async () => {
  await browser?.close();
});

// A fresh browser profile (its own cookies) at a desktop or phone width.
async function newPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ baseURL: cluster().gatewayUrl, viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pages.push(page);
  return page;
}


describe("storefront in a browser", () => {
  it("a shopper searches, opens a book, fills the cart, signs up, pays and watches the order ship", async () => {
    const [book] = await books();
    await setStock(book!.isbn, 10);
    const page = await newPage();

    await page.goto("/");
    await page.getByLabel("Search books").fill(book!.title);
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain(book!.title);
    await shoot(page, "1-search");
    await page.getByRole("link", { name: book!.title }).first().click();
    expect(await page.getByTestId("stock").textContent()).toBe("In stock: 10");
    await shoot(page, "2-book");

    // Adding to the cart needs an account: the shop asks for one and comes back to the book.
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(/\/login\?/);
    expect(await page.getByRole("status").textContent()).toContain("Please sign in");
    await page.getByRole("link", { name: "Create an account" }).click();
    await register(page);
    await page.waitForURL((url) => url.pathname === `/books/${book!.isbn}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Added to your cart");

    await page.getByRole("link", { name: "Cart", exact: true }).click();
    await page.getByLabel(`Quantity of ${book!.title}`).fill("2");
    await page.getByRole("button", { name: "Update" }).click();
    await expect.poll(() => page.getByTestId("cart-total").textContent()).toBe(`$${((book!.priceCents * 2) / 100).toFixed(2)}`);
    await shoot(page, "3-cart");

    await page.getByRole("link", { name: "Check out" }).click();
    await page.waitForURL(/\/checkout$/);
    await shoot(page, "4-checkout");
    await checkOut(page, CARDS.pays);
    await statusReads(page, /Shipped/);
    await shoot(page, "5-order-shipped");
    expect(await available(book!.isbn)).toBe(8);

    await page.getByRole("link", { name: "Orders", exact: true }).click();
    expect(await page.locator(".orders li").first().textContent()).toContain("shipped");
    await page.getByRole("link", { name: "Updates", exact: true }).click();
    await expect.poll(async () => (await page.locator(".feed li").count()) >= 3, { timeout: 15_000 }).toBe(true);
    await page.goto("/cart");
    expect(await page.getByRole("status").textContent()).toContain("Your cart is empty");
  }, 120_000);

  it("a declined card cancels the order with words a person understands, and the stock comes back", async () => {
    const [, book] = await books();
    await setStock(book!.isbn, 5);
    const page = await newPage(390); // a phone
    await registerAt(page);
    await addToCart(page, book!);
    await checkOut(page, CARDS.declined);
    await statusReads(page, /Cancelled/);
    expect(await page.getByRole("alert").textContent()).toContain("Your card was declined. Nothing was charged");
    expect(await page.content()).not.toMatch(/errorCode|"status":|at \w+ \(/);
    await shoot(page, "6-declined-phone");
    expect(await available(book!.isbn)).toBe(5);
  });

  it("a book that sold out while in the cart: the order says so and the book page says out of stock", async () => {
    const [, , book] = await books();
    await setStock(book!.isbn, 1);
    const page = await newPage();
    await registerAt(page);
    await addToCart(page, book!);
    await setStock(book!.isbn, 0); // someone else bought the last copy
    await checkOut(page, CARDS.pays);
    await statusReads(page, /Cancelled/);
    expect(await page.getByRole("alert").textContent()).toContain("sold out before we could reserve it. Nothing was charged.");
    await page.goto(`/books/${book!.isbn}`);
    expect(await page.getByTestId("stock").textContent()).toContain("Out of stock");
    expect(await page.getByRole("button", { name: "Add to cart" }).count()).toBe(0);
  });

  it("pages of a shopper need a sign-in, which returns to the page asked for", async () => {
    const email = `grace-${randomUUID()}@example.com`;
    expect((await api("/api/users", { method: "POST", json: { email, password: "a long password", name: "Grace Hopper" } })).status).toBe(201);
    const page = await newPage();
    for (const path of ["/cart", "/checkout", "/orders", "/notifications"]) {
      await page.goto(path);
      expect(new URL(page.url()).pathname).toBe("/login");
    }
    await page.goto("/cart");
    expect(await page.getByRole("status").textContent()).toContain("Please sign in to see your cart");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("That email and password do not match an account.");
    await page.getByLabel("Password").fill("a long password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/cart");
    expect(await page.locator("h1").textContent()).toBe("Your cart");
    // The session cookie is out of reach of page scripts and other sites.
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: "quire_session", httpOnly: true, sameSite: "Lax" });
  });

  it("a form whose CSRF token is missing changes nothing", async () => {
    const [, , , book] = await books();
    const page = await newPage();
    await registerAt(page);
    const res = await page.request.post("/cart/add", { form: { isbn: book!.isbn, quantity: "1" }, headers: { origin: cluster().gatewayUrl } });
    expect(res.status()).toBe(403);
    await page.goto("/cart");
    expect(await page.getByRole("status").textContent()).toContain("Your cart is empty");
  });
});
