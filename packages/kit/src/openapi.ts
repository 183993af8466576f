import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";
import { invalid } from "./validate.ts";

// A router for routes defined with createRoute (the public API's, in @quire/contracts): the
// definition that documents a route is the one that validates its requests here.
// zod-openapi answers a failed validation with zod's raw result unless given a hook (the same trap
// as zValidator's): this one throws the one 400 problem+json, with one message list per field.
export function openApiRoutes<E extends Env>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw invalid(result.target, result.error.issues);
    },
  });
}
