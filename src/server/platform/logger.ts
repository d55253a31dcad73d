// pino logger. Secrets never reach a log (standards: no token, sign-in URL or card number):
// known secret fields are redacted, and the request serializer drops query strings and cookies.
import pino, { type Logger } from "pino";

export type { Logger };

const REDACT = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  "*.token",
  "*.password",
  "*.cardNumber",
  "*.cvc",
  // B1: a request body is never logged whole (the sandbox tokenisation body is a card number and
  // CVC), nor a card's fields on their own, should a handler ever log them.
  "body",
  "*.body",
  "number",
  "*.number",
  "cvc",
  "*.link",
];

/**
 * `buffered` (production): lines are written asynchronously in 4 KiB batches instead of one
 * synchronous write each (pino flushes what is left when the process exits).
 */
export function createLogger(
  level: string,
  options: { buffered?: boolean; destination?: pino.DestinationStream } = {},
): Logger {
  const destination =
    options.destination ?? (options.buffered ? pino.destination({ sync: false, minLength: 4096 }) : undefined);
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: "[redacted]" },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          // Paths such as /sign-in/<token> carry secrets; log only the route shape.
          url: scrubUrl(req.url),
          id: req.id,
        }),
      },
    },
    destination,
  );
}

/** Replaces long opaque path segments and the query string so tokens cannot leak into logs. */
export function scrubUrl(url: string): string {
  const [pathPart] = url.split("?");
  return (pathPart ?? "")
    .split("/")
    .map((segment) => (isOpaqueSecret(segment) ? ":secret" : segment))
    .join("/");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isOpaqueSecret(segment: string): boolean {
  return segment.length >= 20 && /^[A-Za-z0-9_-]+$/.test(segment) && !UUID.test(segment);
}
