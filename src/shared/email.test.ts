import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailKey, parseEmail } from "./email.js";

describe("email addresses (I1)", () => {
  it.each([
    ["a@example.com", "a@example.com"],
    ["  Alice.Smith+billing@Example.COM ", "Alice.Smith+billing@Example.COM"],
    ["josé@exämple.com", "josé@exämple.com"],
  ])("accepts %j as %j, keeping its case", (input, shown) => {
    expect(parseEmail(input)).toBe(shown);
  });

  it.each([
    "",
    "plain",
    "a@b@example.com",
    "a@example.com\r\nBcc: x@example.com",
    "Eve <eve@example.com>",
    "a@localhost",
    "a @example.com",
    `${"a".repeat(243)}@example.com`,
  ])("refuses %j", (input) => {
    expect(parseEmail(input)).toBeNull();
  });

  it("normalises NFC so composed and decomposed forms are one address", () => {
    const composed = "jos\u00e9@example.com";
    const decomposed = "jose\u0301@example.com";
    expect(emailKey(composed)).toBe(emailKey(decomposed));
  });

  it("emailKey is idempotent and case-insensitive", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const key = emailKey(address);
        expect(emailKey(key)).toBe(key);
        expect(emailKey(address.toUpperCase())).toBe(emailKey(address.toLowerCase()));
      }),
    );
  });

  it("every address it accepts is at most 254 characters and has no whitespace or control characters", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (input) => {
        const parsed = parseEmail(input);
        if (parsed !== null) {
          expect(parsed.length).toBeLessThanOrEqual(254);
          // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting control characters are absent
          expect(parsed).not.toMatch(/[\s\u0000-\u001f]/);
        }
      }),
    );
  });
});
