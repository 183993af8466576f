import { createHash, timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { AppError } from "./errors.ts";

// Only the app's own sidecar knows APP_API_TOKEN, so a caller that reaches the app port
// directly, around Dapr's access policies, is turned away.
export function requireAppToken(token: string, openPaths: readonly string[] = []) {
  const expected = digest(token);
  return createMiddleware(async (c, next) => {
    if (openPaths.includes(c.req.path)) return next();
    const presented = c.req.header("dapr-api-token");
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      throw new AppError("UNAUTHORIZED", "Missing or wrong dapr-api-token: this port only answers its Dapr sidecar.");
    }
    return next();
  });
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
