import { orderPlacedSchema } from "@quire/contracts";
import { AppError, validate, type AppEnv } from "@quire/kit";
import { Hono } from "hono";
import { z } from "zod";
import type { Traces } from "../adapters/jaeger.ts";
import { recentTraces, TRACE_ID, tracesOfOrder } from "../domain/trace-list.ts";
import { waterfall } from "../domain/waterfall.ts";
import { TracesPage } from "../pages/traces.tsx";
import { WaterfallPage } from "../pages/waterfall.tsx";
import { reach } from "./reach.ts";

const traceIdSchema = z
  .string()
  .regex(TRACE_ID, "must be a trace id: 16 to 32 hex digits")
  .transform((id) => id.toLowerCase());

// The order id as the events carry it; a trace id fits it too, so one box takes either.
const orderIdSchema = orderPlacedSchema.shape.orderId;
const searchSchema = z.object({
  order: z
    .string()
    .trim()
    .refine((v) => v === "" || orderIdSchema.safeParse(v).success, "must be an order id or a trace id (up to 100 letters, digits, _ or -)")
    .optional(),
});

export function tracesRoutes(traces: Traces) {
  return new Hono<AppEnv>()
    .get("/traces", validate("query", searchSchema), async (c) => {
      const order = c.req.valid("query").order || undefined;
      if (!order) {
        const found = await reach(recentTraces(traces));
        return c.html(found.ok ? <TracesPage traces={found.value} /> : <TracesPage problem={found.problem} />);
      }
      // Someone pasted a trace id: take them straight to it.
      if (TRACE_ID.test(order)) {
        const trace = await reach(traces.get(order.toLowerCase()));
        if (trace.ok && trace.value) return c.redirect(`/traces/${trace.value.traceID}`, 303);
      }
      const found = await reach(tracesOfOrder(traces, order));
      return c.html(found.ok ? <TracesPage order={order} traces={found.value} /> : <TracesPage order={order} problem={found.problem} />);
    })
    .get("/traces/:id", validate("param", z.object({ id: traceIdSchema })), async (c) => {
      const { id } = c.req.valid("param");
      const trace = await reach(traces.get(id));
      if (!trace.ok) return c.html(<WaterfallPage traceId={id} problem={trace.problem} />);
      if (!trace.value) throw new AppError("NOT_FOUND", `Jaeger has no trace ${id}. Traces are kept in memory and are gone after Jaeger restarts.`);
      return c.html(<WaterfallPage traceId={id} trace={waterfall(trace.value)} />);
    });
}
