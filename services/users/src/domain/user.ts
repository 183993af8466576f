export type Address = { name: string; line1: string; city: string; postalCode: string; country: string };

export type User = { id: string; email: string; name: string; passwordHash: string; address?: Address; createdAt: string };

export const userKey = (id: string) => `user:${id}`;
export const emailKey = (email: string) => `email:${email.toLowerCase()}`;

// What a user sees of their account: never the password hash.
export function profile({ id, email, name, address }: User) {
  return { id, email, name, ...(address ? { address } : {}) };
}
