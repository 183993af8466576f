import { AppError, validate, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { Charge } from "../domain/charge.ts";
import type { PaymentService } from "../domain/payment-service.ts";

const MAX_AMOUNT_CENTS = 10_000_000;

const orderIdSchema = z.string("must be a string").regex(/^[A-Za-z0-9_-]{1,100}$/, "must be 1-100 letters, digits, '-' or '_'");
const orderParamSchema = z.object({ orderId: orderIdSchema });
const chargeRequestSchema = z.object({
  orderId: orderIdSchema,
  amountCents: z.number("must be a number").int("must be a whole number of cents").min(1, "must be at least 1").max(MAX_AMOUNT_CENTS, `must be at most ${MAX_AMOUNT_CENTS}`),
  card: z.object({ number: z.string("must be a string").regex(/^\d{12,19}$/, "must be 12-19 digits") }, "must be an object with a number"),
});
export type ChargeRequest = z.infer<typeof chargeRequestSchema>;

export function chargesRoutes(payments: PaymentService) {
  return new Hono<AppEnv>()
    .post("/charges", validate("json", chargeRequestSchema), async (c) => {
      const { orderId, amountCents, card } = c.req.valid("json");
      return c.json(paid(await payments.charge(orderId, amountCents, card.number)));
    })
    .post("/charges/:orderId/refund", validate("param", orderParamSchema), async (c) => c.json(await payments.refund(c.req.valid("param").orderId)))
    .get("/charges/:orderId", validate("param", orderParamSchema), async (c) => {
      const charge = await payments.get(c.req.valid("param").orderId);
      if (!charge) throw new AppError("NOT_FOUND", "No charge for this order.");
      return c.json(charge);
    });
}

// A decline is the provider's final answer, replayed as the same 402 for as long as it is asked.
function paid(charge: Charge): Charge {
  if (charge.status === "declined") throw new AppError("PAYMENT_REQUIRED", "card declined");
  return charge;
}
