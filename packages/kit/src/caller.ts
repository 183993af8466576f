import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "./app.ts";
import { AppError } from "./errors.ts";

export type CallerEnv = { Variables: AppEnv["Variables"] & { userId: string } };

const userIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

// The caller is whoever the gateway says it is (x-user-id); a service never sees a password or token.
export const caller = createMiddleware<CallerEnv>(async (c, next) => {
  const userId = c.req.header("x-user-id");
  if (!userId) throw new AppError("UNAUTHORIZED", "No user: the x-user-id header is missing.");
  if (!userIdSchema.safeParse(userId).success) throw new AppError("BAD_REQUEST", "x-user-id must be 1-64 letters, digits, '-' or '_'.");
  c.set("userId", userId);
  await next();
});
