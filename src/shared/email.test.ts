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

  it("keys an international domain on its ASCII form, so the Unicode and punycode forms are one address", () => {
    expect(emailKey("José@Exämple.test")).toBe("josé@xn--exmple-cua.test");
    expect(emailKey("josé@XN--EXMPLE-CUA.test")).toBe(emailKey("José@exämple.test"));
    // Full-width letters are the same domain too (IDNA mapping).
    expect(emailKey("a@ＥＸＡＭＰＬＥ.com")).toBe("a@example.com");
    // The display form stays what was typed.
    expect(parseEmail("josé@exämple.test")).toBe("josé@exämple.test");
    expect(parseEmail("josé@xn--exmple-cua.test")).toBe("josé@xn--exmple-cua.test");
  });

  it("measures the key, not only the display form: lower-casing must not make it longer than 254", () => {
    // "İ" lower-cases to "i" + a combining dot: 252 characters shown, 492 in the key.
    const address = `${"İ".repeat(240)}@example.com`;
    expect(address.length).toBeLessThanOrEqual(254);
    expect(parseEmail(address)).toBeNull();
    expect(parseEmail(`${"İ".repeat(100)}@example.com`)).not.toBeNull();
  });

  it.each([
    ["a lone surrogate", "a\ud800@example.com"],
    ["a NUL", "a\u0000@example.com"],
    ["a C1 control", "a\u0085@example.com"],
    ["a domain IDNA refuses", "a@xn--zz.com"],
    ["a domain literal", "a@[192.0.2.1]"],
  ])("refuses an address with %s", (_, address) => {
    expect(parseEmail(address)).toBeNull();
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

  it("every address it accepts is at most 254 characters, key included, and has no whitespace or control characters", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300, unit: "binary" }), fc.emailAddress()), (input) => {
        const parsed = parseEmail(input);
        if (parsed !== null) {
          expect(parsed.length).toBeLessThanOrEqual(254);
          expect(emailKey(parsed).length).toBeLessThanOrEqual(254);
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
