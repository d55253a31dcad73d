import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCleanText, isWellFormedText, optionalText, requiredText, verbatimText } from "./text.js";

describe("the text rule for what people type", () => {
  const name = requiredText(5);

  it.each([
    ["NUL", "a\u0000b"],
    ["newline", "a\nb"],
    ["tab", "a\tb"],
    ["DEL", "a\u007fb"],
    ["C1 control", "a\u0085b"],
    ["line separator", "a\u2028b"],
    ["right-to-left override", "a\u202eb"],
    ["lone high surrogate", "a\ud800"],
    ["lone low surrogate", "\udc00a"],
  ])("refuses a %s", (_, value) => {
    expect(name.safeParse(value).success).toBe(false);
  });

  it("keeps what it accepts trimmed and NFC, and measures it after normalising", () => {
    expect(name.parse("  José ")).toBe("Jos\u00e9");
    // Five decomposed letters (ten code units) are five characters once composed.
    expect(name.parse("e\u0301".repeat(5))).toBe("\u00e9".repeat(5));
    expect(name.safeParse("\u00e9".repeat(6)).success).toBe(false);
    expect(name.safeParse("   ").success).toBe(false);
    // Emoji (surrogate pairs) and joiners are text.
    expect(name.parse("👩‍💻")).toBe("👩‍💻");
  });

  it("optional text turns empty into null and keeps omitted as undefined", () => {
    const schema = optionalText(10);
    expect(schema.parse("  ")).toBeNull();
    expect(schema.parse(null)).toBeNull();
    expect(schema.parse(undefined)).toBeUndefined();
    expect(schema.safeParse("\u0000").success).toBe(false);
  });

  it("verbatim text is not changed, only checked", () => {
    const schema = verbatimText(20);
    expect(schema.parse(" /a?b=e\u0301 ")).toBe(" /a?b=e\u0301 ");
    expect(schema.safeParse("/\u0000").success).toBe(false);
  });

  it("whatever it accepts is clean: valid Unicode with no control characters, within the limit", () => {
    const schema = requiredText(50);
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (value) => {
        const result = schema.safeParse(value);
        if (result.success) {
          expect(isCleanText(result.data)).toBe(true);
          expect(result.data).toBe(result.data.normalize("NFC").trim());
          expect(result.data.length).toBeLessThanOrEqual(50);
        }
        expect(isWellFormedText(value)).toBe((value as string & { isWellFormed(): boolean }).isWellFormed());
      }),
      { numRuns: 1000 },
    );
  });
});
