import type { Logger } from "@quire/kit";
import { Hono } from "hono";
import type { Book, ShopClient } from "../adapters/shop-client.ts";
import { BookPage, CatalogPage } from "../pages/shop.tsx";
import { notFound, viewer } from "./pages.ts";
import type { StoreEnv } from "./session.ts";

// Anyone may browse: the catalog with search and pages, and each book with its stock and what
// readers also bought.
export function browseRoutes(shop: ShopClient, logger: Logger) {
  // Recommendations are a nicety: when that service is down, slow or wrong, the page is the book
  // without them, never an error page.
  const alsoBought = (isbn: string): Promise<Book[]> =>
    shop.recommendations(isbn).catch((err: unknown) => {
      logger.warn({ err, isbn }, "recommendations unavailable; the book page goes without them");
      return [];
    });

  return new Hono<StoreEnv>()
    .get("/", async (c) => {
      const q = (c.req.query("q") ?? "").trim().slice(0, 100);
      // A page number from a hand-edited address is read generously rather than refused.
      const page = Math.min(Math.max(Math.trunc(Number(c.req.query("page"))) || 1, 1), 1000);
      const result = await shop.books(q, page);
      if (!result.ok) return c.html(<CatalogPage viewer={viewer(c)} q={q} result={{ items: [], page: 1, pageSize: 12, total: 0 }} />);
      return c.html(<CatalogPage viewer={viewer(c)} q={q} result={result.value} />);
    })
    .get("/books/:isbn", async (c) => {
      const isbn = c.req.param("isbn");
      if (!/^\d{13}$/.test(isbn)) return notFound(c, "There is no book with that ISBN.");
      const [book, available, recommended] = await Promise.all([shop.book(isbn), shop.available(isbn), alsoBought(isbn)]);
      if (!book) return notFound(c, "There is no book with that ISBN.");
      return c.html(<BookPage viewer={viewer(c)} book={book} available={available ?? 0} added={c.req.query("added") === "1"} alsoBought={recommended} />);
    });
}
