import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMON_ADDRESS, emailKey, fullParserAccepts, parseEmail } from "./email.js";

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

  it("the fast path accepts nothing the full parser refuses (generated addresses and near-misses)", () => {
    const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,10}$/);
    const nearMiss = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,12}$/),
        fc.array(label, { minLength: 1, maxLength: 4 }),
      )
      .map(([local, labels]) => `${local}@${labels.join(".")}`);
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), nearMiss), (address) => {
        if (COMMON_ADDRESS.test(address)) expect(fullParserAccepts(address)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the fast path for everyday addresses, and the parser still decides the rest", () => {
    expect(COMMON_ADDRESS.test("alice.smith+billing@mail.example-company.com")).toBe(true);
    // Quoted local parts, non-ASCII and single-label domains are not the everyday shape…
    for (const address of ['"a b"@example.com', "josé@exämple.com", "a@localhost", "a..b@example.com"]) {
      expect(COMMON_ADDRESS.test(address)).toBe(false);
    }
    // …and the parser still accepts or refuses them as before.
    expect(parseEmail("josé@exämple.com")).toBe("josé@exämple.com");
    expect(parseEmail("a@localhost")).toBeNull();
    expect(parseEmail("a..b@example.com")).toBeNull();
  });
});
