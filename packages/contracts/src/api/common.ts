import { z } from "zod";
import { bookSchema, isbnSchema } from "../book.ts";

// Shapes more than one public route uses. Components are named with zod's own .meta({ id }),
// which the OpenAPI generator reads: zod 4 gives each schema its methods when it is made, so
// .openapi() would be missing on schemas made before @hono/zod-openapi extended zod.

// Named once, so the document has one Book component and the error body one Problem.
export const bookComponent = bookSchema.meta({ id: "Book" });

export const isbnParamSchema = z.object({
  isbn: isbnSchema.meta({ example: "9781000000016", description: "ISBN-13, no hyphens" }),
});

// The order-id pattern: one definition for the routes, the events (events.ts) and the saga's callees.
export const orderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "is not an order id");

const text = (max: number) => z.string("is required").trim().min(1, "is required").max(max, `must be at most ${max} characters`);

// A shipping address: the shopper's saved one (users) and the one a checkout ships to (orders).
export const addressSchema = z
  .object({
    name: text(100),
    line1: text(200),
    city: text(100),
    postalCode: text(20),
    country: z.string("is required").regex(/^[A-Z]{2}$/, "must be a two-letter country code"),
  })
  .meta({ id: "Address", example: { name: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" } });
export type Address = z.infer<typeof addressSchema>;

// RFC 9457 problem details, as packages/kit's toProblem writes them.
export const problemSchema = z
  .object({
    type: z.string().meta({ example: "urn:quire:problem:bad-request" }),
    title: z.string().meta({ example: "Bad request" }),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string(),
    traceId: z.string().optional().meta({ description: "The request's trace id, to look up in Jaeger" }),
    errors: z.record(z.string(), z.array(z.string())).optional().meta({ description: "On a 400: the messages for each bad field, by its path" }),
  })
  .meta({ id: "Problem" });

export const PROBLEM = "application/problem+json";

// A problem answer, described by what causes it on this route.
export const problem = (description: string) => ({ description, content: { [PROBLEM]: { schema: problemSchema } } });

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

// A JSON request body; required, so a body that is not JSON is refused rather than skipped.
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });
