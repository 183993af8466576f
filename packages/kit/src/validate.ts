import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { z } from "zod";
import { AppError, type FieldErrors } from "./errors.ts";

// zValidator answers with zod's raw result unless given a hook; this hook turns every
// validation failure into the same 400 problem+json, with one message list per field.
export function validate<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw invalid(target, result.error.issues);
  });
}

export function invalid(target: string, issues: readonly z.core.$ZodIssue[]): AppError {
  const errors = fieldErrors(issues);
  return new AppError("BAD_REQUEST", `Invalid ${target}: ${summary(errors)}`, errors);
}

export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}

function summary(errors: FieldErrors): string {
  return Object.entries(errors)
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join(", ");
}
