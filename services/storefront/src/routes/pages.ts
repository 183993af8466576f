import type { Context } from "hono";
import { ErrorPage } from "../pages/account.tsx";
import type { Viewer } from "../pages/layout.tsx";
import type { StoreEnv } from "./session.ts";

export const viewer = (c: Context<StoreEnv>): Viewer => {
  const session = c.get("session");
  return { signedIn: Boolean(session?.userId), admin: session?.role === "admin", csrf: session?.csrf ?? "" };
};

export const notFound = (c: Context<StoreEnv>, message: string) => c.html(ErrorPage({ viewer: viewer(c), status: 404, message }), 404);

// A form's fields as strings (a repeated or file field counts as missing).
export async function formOf(c: Context<StoreEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
}
