import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { addressSchema, json, jsonBody, problem } from "./common.ts";

const email = z.string("is required").trim().max(254, "must be at most 254 characters").pipe(z.email("must be an email address"));
const password = z.string("is required").min(8, "must be at least 8 characters").max(200, "must be at most 200 characters");

export const registrationSchema = z.object({ email, password, name: z.string("is required").trim().min(1, "is required").max(100, "must be at most 100 characters") });
export const credentialsSchema = z.object({ email, password: z.string("is required").min(1, "is required").max(200, "must be at most 200 characters") });

export const accountSchema = z.object({ id: z.string(), email: z.string(), name: z.string() }).meta({ id: "Account" });
export const profileSchema = accountSchema.extend({ address: addressSchema.optional() }).meta({ id: "Profile" });
export const sessionSchema = z.object({ token: z.string().meta({ description: "Send as 'Authorization: Bearer <token>'" }), expiresAt: z.string() }).meta({ id: "Session" });
export type Profile = z.infer<typeof profileSchema>;

const tags = ["Account"];

export const register = createRoute({
  operationId: "register",
  tags,
  method: "post",
  path: "/api/users",
  summary: "Open an account",
  description: "The same registration sent again (its first answer lost) answers 201 with the same account.",
  request: { body: jsonBody(registrationSchema) },
  responses: { 201: json(accountSchema, "The account"), 400: problem("A bad field"), 409: problem("The email address is taken") },
});

export const signIn = createRoute({
  operationId: "signIn",
  tags,
  method: "post",
  path: "/api/sessions",
  summary: "Sign in: a token for the routes that need one",
  request: { body: jsonBody(credentialsSchema) },
  responses: { 200: json(sessionSchema, "A signed token"), 400: problem("A bad field"), 401: problem("Wrong email or password") },
});

export const getMe = createRoute({
  operationId: "getMe",
  tags,
  method: "get",
  path: "/api/me",
  summary: "The signed-in shopper's profile",
  responses: { 200: json(profileSchema, "The profile"), 404: problem("The account is gone") },
});

export const putAddress = createRoute({
  operationId: "setAddress",
  tags,
  method: "put",
  path: "/api/me/address",
  summary: "Keep a shipping address for next time",
  request: { body: jsonBody(addressSchema) },
  responses: { 200: json(profileSchema, "The profile"), 400: problem("A bad field"), 404: problem("The account is gone") },
});
