import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { repoRoot } from "../../scripts/topology.ts";

// Debian's Chromium (make test installs the package), driven by playwright-core: no browser
// download. Background networking is off: this machine's closed network refuses it anyway.
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

// Screenshots of the key pages, kept as test artifacts.
export const screenshots = join(repoRoot, "tests/.artifacts/screenshots");

export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

// What a person does in the shop, shared by the browser tests.
export type Book = { isbn: string; title: string; author: string; priceCents: number };

export async function register(page: Page) {
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(`ada-${randomUUID()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function registerAt(page: Page, next = "/") {
  await page.goto(`/register?next=${encodeURIComponent(next)}`);
  await register(page);
  await page.waitForURL((url) => url.pathname === next);
}

export async function addToCart(page: Page, book: Book, quantity = 1) {
  await page.goto(`/books/${book.isbn}`);
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect.poll(() => page.getByRole("status").textContent()).toContain("Added to your cart");
}

export async function checkOut(page: Page, card: string) {
  await page.goto("/checkout");
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Street address").fill("12 St James's Square");
  await page.getByLabel("City").fill("London");
  await page.getByLabel("Postal code").fill("SW1Y 4JH");
  await page.getByLabel("Country").fill("GB");
  await page.getByLabel("Card number").fill(card);
  await page.getByRole("button", { name: /^Pay / }).click();
  await page.waitForURL(/\/orders\/[\w-]+$/);
}

// The order page updates itself (it polls and reloads); wait for the words a person would read.
export async function statusReads(page: Page, text: RegExp) {
  await expect.poll(async () => page.getByTestId("order-status").textContent(), { timeout: 45_000, interval: 500 }).toMatch(text);
}
