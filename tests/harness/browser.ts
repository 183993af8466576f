import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
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
