import { z } from "zod";

// Who a signed-in user is to the shop: a shopper, or staff (an admin) who may restock and look
// at any order. One vocabulary for the token's `role` claim, the users' records and the header
// the gateway forwards.
export const roleSchema = z.enum(["shopper", "admin"]);
export type Role = z.infer<typeof roleSchema>;

// The verified role travels to a service beside x-user-id; only the gateway and the storefront
// set it, from a token they checked, never from what a client sent.
export const ROLE_HEADER = "x-user-role";

// Tokens and records made before roles existed carry none, and a value this build does not know
// must not grant anything: both read as a shopper.
export function roleOf(value: unknown): Role {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : "shopper";
}
