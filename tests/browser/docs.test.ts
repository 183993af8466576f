import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, shoot } from "../harness/browser.ts";
import { cluster } from "../harness/client.ts";

// The API's docs page in Chromium: it renders the document the gateway serves, and everything it
// loads (script, document, styles, fonts, images) comes from the gateway itself.
// Screenshot: tests/.artifacts/screenshots/api-docs.png.
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("the API docs page", () => {
  it("renders the operations, with nothing loaded from outside 127.0.0.1", async () => {
    const context = await browser.newContext({ baseURL: cluster().gatewayUrl, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // Every request the page makes, whether or not it succeeds; data: and blob: URLs stay in the page.
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    try {
      const res = await page.goto("/api/docs");
      expect(res?.status()).toBe(200);
      // The document's title and an operation's summary (from the contracts' route definitions),
      // as the page renders them once its script has read /api/openapi.json.
      await expect.poll(() => page.getByText("Quire API").first().isVisible(), { timeout: 20_000 }).toBe(true);
      await expect.poll(() => page.getByText("Search the books").first().isVisible()).toBe(true);
      // The page keeps a connection open (no network idle): give late requests a moment to show.
      await page.waitForTimeout(3_000);
      await shoot(page, "api-docs");

      const remote = requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).hostname !== "127.0.0.1");
      expect(remote, "requests that left 127.0.0.1").toEqual([]);
      expect(requested).toEqual(expect.arrayContaining([expect.stringMatching(/\/api\/docs\/scalar\.js$/), expect.stringMatching(/\/api\/openapi\.json$/)]));
    } finally {
      await context.close();
    }
  });
});
