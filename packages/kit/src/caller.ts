import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "./app.ts";
import { AppError } from "./errors.ts";
import { ROLE_HEADER, roleOf, type Role } from "./roles.ts";

export type CallerEnv = { Variables: AppEnv["Variables"] & { userId: string; role: Role } };

const userIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

// The caller is whoever the gateway says it is (x-user-id, x-user-role); a service never sees a
// password or token. No role header is a shopper.
export const caller = createMiddleware<CallerEnv>(async (c, next) => {
  const userId = c.req.header("x-user-id");
  if (!userId) throw new AppError("UNAUTHORIZED", "No user: the x-user-id header is missing.");
  if (!userIdSchema.safeParse(userId).success) throw new AppError("BAD_REQUEST", "x-user-id must be 1-64 letters, digits, '-' or '_'.");
  c.set("userId", userId);
  c.set("role", roleOf(c.req.header(ROLE_HEADER)));
  await next();
});

// Staff routes, behind `caller`: the gateway already refuses a shopper, and this refuses one
// again, should a call reach the service another way (defence in depth).
export const adminOnly = createMiddleware<CallerEnv>(async (c, next) => {
  if (c.get("role") !== "admin") throw new AppError("FORBIDDEN", "Staff only: this needs a signed-in admin.");
  await next();
});
