// The one error type services throw. `kind` maps to an HTTP status in app/error-handler.ts;
// `code` is the stable machine-readable reason clients branch on.
export type ErrorKind =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  /** A card payment was refused (402): the details name the decline code. */
  | "payment_failed"
  | "conflict"
  | "gone"
  | "too_large"
  | "unsupported_media"
  | "rate_limited";

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", "not_found", what);
