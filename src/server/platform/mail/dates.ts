// Dates as people write them in an email: "8 December 2026 at 14:32 UTC", not an RFC 1123 stamp.
// English (en-GB, day before month) until profiles keep a language; UTC, since the recipient's
// time zone is unknown and a stated zone is not ambiguous.

const LOCALE = "en-GB";

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: string): Intl.DateTimeFormat {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
    formats.set(locale, format);
  }
  return format;
}

/** A moment in an email's text, in the recipient's language where known. */
export function mailDateTime(date: Date, locale: string = LOCALE): string {
  return `${formatFor(locale).format(date)} UTC`;
}
