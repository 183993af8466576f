import { isbnSchema } from "@quire/contracts";
import { Hono } from "hono";
import type { ShopClient } from "../adapters/shop-client.ts";
import { StaffPage } from "../pages/staff.tsx";
import { formOf, viewer } from "./pages.ts";
import { requireAdmin, staff, type StoreEnv } from "./session.ts";

const ORDER_ID = /^[A-Za-z0-9_-]{1,100}$/;
const COPIES = /^\d{1,9}$/;

// Shop staff only: restock a book, and look an order up (the look-up posts, then lands on
// /staff?order=<id>, so the answer can be reloaded and linked to).
export function staffRoutes(shop: ShopClient) {
  return new Hono<StoreEnv>()
    .use("/staff", requireAdmin)
    .use("/staff/*", requireAdmin)
    .get("/staff", async (c) => {
      const id = c.req.query("order")?.trim();
      if (!id) return c.html(<StaffPage viewer={viewer(c)} />);
      // An id no order can have is looked up nowhere: it goes into a path.
      const found = ORDER_ID.test(id) ? await shop.staffOrder(staff(c), id) : undefined;
      return c.html(<StaffPage viewer={viewer(c)} lookup={{ id, found }} />, found ? 200 : 404);
    })
    .post("/staff/orders", async (c) => {
      const { id = "" } = await formOf(c);
      return c.redirect(`/staff?${new URLSearchParams({ order: id.trim() })}`, 303);
    })
    .post("/staff/stock", async (c) => {
      const form = await formOf(c);
      const values = { isbn: (form.isbn ?? "").trim(), onHand: (form.onHand ?? "").trim() };
      const again = (errors: Record<string, string[]>, problem = "Please correct the fields below.") =>
        c.html(<StaffPage viewer={viewer(c)} restock={{ values, errors, problem }} />, 400);
      // Checked here too: the ISBN goes into the path of the call to inventory.
      const errors = {
        ...(isbnSchema.safeParse(values.isbn).success ? {} : { isbn: ["must be an ISBN-13: 13 digits with a right check digit"] }),
        ...(COPIES.test(values.onHand) ? {} : { onHand: ["must be a whole number, 0 or more"] }),
      };
      if (Object.keys(errors).length > 0) return again(errors);
      const result = await shop.setStock(staff(c), values.isbn, Number(values.onHand));
      if (!result.ok) return again(result.errors, result.detail);
      return c.html(<StaffPage viewer={viewer(c)} restock={{ done: result.value }} />);
    });
}
