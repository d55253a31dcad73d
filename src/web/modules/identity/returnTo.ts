/** A `returnTo` value is followed only when it is a path on this site ("/…", not "//…" or "/\…"). */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== "string") return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  if (value.length > 500 || /\s/.test(value)) return null;
  return value;
}
