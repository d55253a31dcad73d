// A 400 answer's field errors keyed by their full path ("billingContact.address.city"), for
// forms with nested fields (ApiError.fieldErrors() keys by the first segment only).
import { isApiError } from "../../api/client.js";

export type FieldErrors = Record<string, string>;

export function nestedFieldErrors(error: unknown): FieldErrors {
  const result: FieldErrors = {};
  if (!isApiError(error, 400) || !Array.isArray(error.details)) return result;
  for (const item of error.details as unknown[]) {
    if (typeof item !== "object" || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof path !== "string" || typeof message !== "string") continue;
    const key = path.replace(/^body\./, "");
    result[key] ??= message;
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
