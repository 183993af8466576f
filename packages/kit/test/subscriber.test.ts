import { Hono } from "hono";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eventRoute, type Envelope } from "../src/index.ts";

const logger = pino({ level: "silent" });
const deliver = async (app: Hono, body: unknown) => (await (await app.request("/events", { method: "POST", body: JSON.stringify(body) })).json()) as { status: string };
const event = (type: string, data: unknown = {}) => ({ id: "evt-1", type, data });

describe("eventRoute", () => {
  const seen: Envelope[] = [];
  const app = new Hono().post(
    "/events",
    eventRoute(
      {
        "order.paid": async (e) => void seen.push(e),
        "order.shipped": async (e) => void z.object({ shipmentId: z.string() }).parse(e.data),
        "order.cancelled": async () => {
          throw new Error("database down");
        },
      },
      logger,
    ),
  );

  it.each([
    ["a handled type", event("order.paid"), "SUCCESS"],
    ["a type nobody here handles (acknowledged, not redelivered)", event("book.added"), "SUCCESS"],
    ["a name Object.prototype carries, which is not a handler", event("constructor"), "SUCCESS"],
    ["a payload that can never be processed (to the dead letters)", event("order.shipped", { shipmentId: 7 }), "DROP"],
    ["a handler that failed (redelivered)", event("order.cancelled"), "RETRY"],
    ["no CloudEvent at all", { hello: "world" }, "DROP"],
  ])("answers %s with its status", async (_, body, status) => {
    expect(await deliver(app, body)).toEqual({ status });
  });

  it("hands every type to a catch-all handler", async () => {
    const all: string[] = [];
    const catchAll = new Hono().post("/events", eventRoute({ "*": async (e) => void all.push(e.type) }, logger));
    for (const type of ["order.paid", "anything", "constructor"]) expect(await deliver(catchAll, event(type))).toEqual({ status: "SUCCESS" });
    expect(all).toEqual(["order.paid", "anything", "constructor"]);
  });
});
