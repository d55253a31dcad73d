import { useCallback, useRef } from "react";
import { ERROR_CODES } from "../../../shared/errors.js";
import { isApiError } from "../../api/client.js";

/**
 * B5: one `Idempotency-Key` per attempt to move money. The key is made when the dialog or page
 * opens and reused for every retry whose outcome is unknown (the network failed, the server
 * answered 5xx, or the same request is still running), so a double click or a retry never charges
 * twice. Once the server gave a definite answer (a decline, a refusal), the next click is a new
 * attempt and gets a new key: the old one would only replay the stored answer.
 */
export function useIdempotencyKey(): { key: () => string; settle: (error: unknown) => void; reset: () => void } {
  const current = useRef<string | null>(null);
  const key = useCallback(() => {
    current.current ??= crypto.randomUUID();
    return current.current;
  }, []);
  const settle = useCallback((error: unknown) => {
    const definite = isApiError(error) && error.status < 500 && error.code !== ERROR_CODES.idempotencyRequestInProgress;
    if (definite) current.current = null;
  }, []);
  const reset = useCallback(() => {
    current.current = null;
  }, []);
  return { key, settle, reset };
}

/**
 * True when the server surely decided (a 4xx: declined, refused, conflict), so a retry with the
 * same key would only replay that answer. False when the outcome is unknown (network failure,
 * 5xx) or the first request is still running: then the retry must carry the same key.
 */
export function isDefiniteAnswer(error: unknown): boolean {
  return isApiError(error) && error.status < 500 && error.code !== ERROR_CODES.idempotencyRequestInProgress;
}
