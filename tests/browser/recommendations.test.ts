import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, useCluster } from "../harness/client.ts";
import { Cluster, CRASH_PORT_OFFSET } from "../harness/cluster.ts";
import { addToCart, checkOut, launchChromium, registerAt, shoot, statusReads, type Book } from "../harness/browser.ts";
import { CARDS, setStock } from "../harness/shop.ts";

// Its own cluster (the crash tests' ports, Redis database 3), because this test kills the
// recommendations app: the suite's cluster must keep every service up for the other tests.
const cluster = new Cluster(CRASH_PORT_OFFSET, 3);
let browser: Browser;

beforeAll(async () => {
  useCluster(await cluster.start());
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  useCluster(undefined);
  await cluster.stop();
});

// The "Readers also bought" section's text, or "" when the page has none (no waiting for it).
async function alsoBought(page: Page): Promise<string> {
  const section = page.getByTestId("also-bought");
  return (await section.count()) === 0 ? "" : ((await section.textContent()) ?? "");
}

// Opens a book's page again and again until its section says `words` (order.paid reaches
// recommendations through the broker, a moment after the order page says paid).
async function sectionSays(page: Page, isbn: string, words: string, timeout = 30_000) {
  await expect
    .poll(async () => {
      await page.goto(`/books/${isbn}`);
      return alsoBought(page);
    }, { timeout, interval: 1_000 })
    .toContain(words);
}

describe("readers also bought, in a browser", () => {
  it("a shopper buys two books, sees one recommended on the other's page, and the page stays up when recommendations is down", async () => {
    const [first, second] = ((await (await api("/api/books?page=2&pageSize=20")).json()) as { items: Book[] }).items;
    await setStock(first!.isbn, 10);
    await setStock(second!.isbn, 10);
    const context = await browser.newContext({ baseURL: cluster.info().gatewayUrl, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await registerAt(page);
      await addToCart(page, first!);
      await addToCart(page, second!);
      await checkOut(page, CARDS.pays);
      await statusReads(page, /Paid|Shipped/);

      await sectionSays(page, first!.isbn, second!.title);
      expect(await page.getByRole("heading", { name: "Readers also bought" }).count()).toBe(1);
      // The first recommendation is the book bought with it, and its card leads to its page.
      await page.getByTestId("also-bought").getByRole("link", { name: second!.title }).first().click();
      await page.waitForURL((url) => url.pathname === `/books/${second!.isbn}`);
      expect(await alsoBought(page)).toContain(first!.title);
      await page.goto(`/books/${first!.isbn}`);
      await shoot(page, "7-readers-also-bought");

      // Recommendations dies (SIGKILL, as a crash would): the book's page is still the book.
      await cluster.crash("recommendations");
      const res = await page.goto(`/books/${first!.isbn}`);
      expect(res?.status()).toBe(200);
      expect(await page.locator("h1").textContent()).toBe(first!.title);
      expect(await page.getByTestId("stock").textContent()).toContain("In stock");
      expect(await page.getByRole("button", { name: "Add to cart" }).count()).toBe(1);
      expect(await alsoBought(page)).toBe("");
      expect(await page.content()).not.toContain("Readers also bought");
      await shoot(page, "8-book-without-recommendations");

      // Back up, it answers from what its store kept.
      cluster.restart("recommendations");
      await sectionSays(page, first!.isbn, second!.title, 60_000);
    } finally {
      await context.close();
    }
  }, 180_000);
});
