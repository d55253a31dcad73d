// Text people typed (company names, people's names) goes into emails only through here, so a
// company called "Urgent: pay at https://evil.example" reads as the name it is, not as a message
// from Billfold or a link. Such text is never put in a subject (where it would read as ours);
// in a body it is:
// - quoted (“…”), next to words that say what it is ("the account named …");
// - capped at 80 characters (whole graphemes) with an ellipsis, so it cannot carry a letter;
// - defanged, the convention security teams use to share addresses that must not be followed:
//   "https://evil.example" becomes "https[:]//evil[.]example", and "a@b.example" "a[@]b[.]example".
//   Mail clients autolink text that looks like a URL, a domain or an address, in the plain-text
//   part and in the text of the HTML part alike (escaping HTML does not stop that), and none
//   links a "[.]" or "[:]". A dot between two letters or digits is bracketed even when it is not
//   a domain ("J.R.R" becomes "J[.]R[.]R"): cheaper than guessing which words a client links.
export const MAX_QUOTED_LENGTH = 80;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

// Controls, line separators and bidi overrides: the text rule refuses them on input, and rows
// older than that rule must not break a line or reverse the words around them in an email.
const UNSAFE = /[\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu;
// Dots (ASCII, full-width, ideographic: all are label separators to IDNA) and @ between two
// letters or digits; "://" and ":\\" wherever they are.
const JOINED = /(?<=[\p{L}\p{N}])([.\uff0e\u3002\uff61@])(?=[\p{L}\p{N}])/gu;
const SCHEME = /:(?=[/\\]{2})/g;

/** At most `max` graphemes; a longer text keeps `max - 1` and ends with "…". */
export function capText(value: string, max = MAX_QUOTED_LENGTH): string {
  const graphemes = Array.from(segmenter.segment(value), (s) => s.segment);
  return graphemes.length <= max
    ? value
    : `${graphemes
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

/** Breaks what a mail client would turn into a link. */
export function defang(value: string): string {
  return value.replace(SCHEME, "[:]").replace(JOINED, "[$1]");
}

/** User text as it may appear in an email body: cleaned, capped, defanged and in quotes. */
export function quoteUserText(value: string): string {
  return `“${defang(capText(value.replace(UNSAFE, " ").trim()))}”`;
}
