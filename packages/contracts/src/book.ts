import { z } from "zod";

// ISBN-13: 13 digits whose weighted sum (1,3,1,3,...) is a multiple of 10.
export const isbnSchema = z
  .string()
  .regex(/^\d{13}$/, "must be an ISBN-13: 13 digits, no hyphens")
  .refine(hasValidCheckDigit, "has a wrong ISBN-13 check digit");

export const bookSchema = z.object({
  isbn: isbnSchema,
  title: z.string().min(1),
  author: z.string().min(1),
  year: z.number().int(),
  priceCents: z.number().int().positive(),
  tags: z.array(z.string()),
});

export type Book = z.infer<typeof bookSchema>;

function hasValidCheckDigit(isbn: string): boolean {
  const sum = [...isbn].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return sum % 10 === 0;
}
