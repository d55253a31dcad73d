// The one rule for text a person types (names, company, address, tax ID, contacts). Every request
// schema builds its free-text fields from these, so the database and the emails only ever see text
// that is:
// - valid Unicode: no lone surrogate halves (JSON can carry "\ud800"; PostgreSQL's jsonb refuses it,
//   and UTF-8 cannot encode it);
// - free of control characters: no C0/C1 controls (NUL among them, which PostgreSQL text refuses),
//   no line or paragraph separators and no bidirectional overrides or isolates (they make text read
//   differently from what it is). No field is multi-line — an address is separate line1/line2
//   fields — so newlines and tabs are refused everywhere too, rather than kept in one-line fields;
// - NFC-normalised and trimmed, then measured: a length limit applies to what is stored. Lengths
//   count UTF-16 code units, as a browser's `maxlength` does, which is never fewer than the
//   characters PostgreSQL's char_length counts, so the database's own checks never fire first.
import { z } from "zod";

/** C0 and C1 controls (tab and newline included), line/paragraph separators, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export const TEXT_MESSAGES = {
  malformed: "Contains characters that are not valid text",
  control: "Must not contain control characters such as line breaks or tabs",
} as const;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Valid Unicode (no lone surrogates): what `String.prototype.isWellFormed` answers, on every runtime. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** Valid Unicode and no forbidden character: safe to store, log, put in JSON and in an email. */
export function isCleanText(value: string): boolean {
  return isWellFormedText(value) && !FORBIDDEN_CHARACTERS.test(value);
}

/**
 * Text kept exactly as sent (paths, opaque values): valid Unicode, no control characters, at most
 * `max` long. Nothing is normalised, since the value is compared or echoed byte for byte.
 */
export function verbatimText(max: number) {
  return z
    .string()
    .max(max, { error: `At most ${max} characters` })
    .refine(isWellFormedText, { error: TEXT_MESSAGES.malformed, abort: true })
    .refine((value) => !FORBIDDEN_CHARACTERS.test(value), { error: TEXT_MESSAGES.control });
}

/**
 * One line of text a person typed: well-formed, NFC, trimmed, no control characters, then at
 * least `min` and at most `max` long. The output is what gets stored.
 */
export function singleLineText(options: { max: number; min?: number }) {
  const min = options.min ?? 0;
  let schema = z
    .string()
    // Checked first and aborting: normalising an ill-formed string would keep the surrogate.
    .refine(isWellFormedText, { error: TEXT_MESSAGES.malformed, abort: true })
    .normalize("NFC")
    .trim()
    .refine((value) => !FORBIDDEN_CHARACTERS.test(value), { error: TEXT_MESSAGES.control });
  if (min > 0) schema = schema.min(min, { error: "Required" });
  return schema.max(options.max, { error: `At most ${options.max} characters` });
}

/** Required single-line text (at least one character after trimming). */
export function requiredText(max: number) {
  return singleLineText({ max, min: 1 });
}

/** Optional single-line text: "" and null both mean "none" (null); omitted stays undefined (PATCH: unchanged). */
export function optionalText(max: number) {
  return singleLineText({ max })
    .nullable()
    .optional()
    .transform((v) => (v === "" ? null : v));
}

/** A one-time token as sent back from an emailed link: opaque, so only checked, never changed. */
export const tokenSchema = verbatimText(128).min(16);
