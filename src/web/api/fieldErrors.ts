// The one field-error mapper of the web app: a 400 answer's `details: [{path, message}]` keyed by
// the field's path without the "body." prefix ("email", "billingContact.address.city"). Flat forms
// read `errors.email`; nested parts of a form take their share with `scoped`.
import { isApiError } from "./client.js";

export type FieldErrors = Record<string, string>;

export function fieldErrors(error: unknown): FieldErrors {
  const result: FieldErrors = {};
  if (!isApiError(error, 400) || !Array.isArray(error.details)) return result;
  for (const item of error.details as unknown[]) {
    if (typeof item !== "object" || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof path !== "string" || typeof message !== "string") continue;
    // The first message per field is the one to show.
    result[path.replace(/^body\./, "")] ??= message;
  }
  return result;
}

/** The errors under `prefix.` with the prefix taken off (for a nested part of a form). */
export function scoped(errors: FieldErrors, prefix: string): FieldErrors {
  const result: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith(`${prefix}.`)) result[key.slice(prefix.length + 1)] = message;
    else if (key === prefix) result[""] = message;
  }
  return result;
}
