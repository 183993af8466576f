import type { api } from "@quire/contracts";
import type { Role } from "@quire/kit";
import { z } from "zod";

export type Address = api.Address;

// `role` is absent on accounts made before roles: those are shoppers.
export type User = { id: string; email: string; name: string; passwordHash: string; role?: Role; address?: Address; createdAt: string };

export const roleOfUser = (user: User): Role => user.role ?? "shopper";

export const userKey = (id: string) => `user:${id}`;
export const emailKey = (email: string) => `email:${email.toLowerCase()}`;

// What a user sees of their account: never the password hash.
export function profile({ id, email, name, address }: User) {
  return { id, email, name, ...(address ? { address } : {}) };
}

// The staff account the secret store names: held to the same rules as a sign-up.
export const adminAccountSchema = z.object({
  email: z.string().trim().pipe(z.email("must be an email address")),
  password: z.string().min(8, "must be at least 8 characters"),
});
