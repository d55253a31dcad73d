// The one error type services throw. `kind` maps to an HTTP status in app/error-handler.ts;
// `code` is the stable machine-readable reason clients branch on, from the one catalogue the web
// app uses too (src/shared/errors.ts).
import { ERROR_CODES, type ErrorCode } from "../../shared/errors.js";

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
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** 401: the request carries no live session (I5). */
export const notSignedIn = () => new AppError("unauthenticated", ERROR_CODES.notSignedIn, "Sign in to continue.");
