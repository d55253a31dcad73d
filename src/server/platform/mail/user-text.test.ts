import { describe, expect, it } from "vitest";
import { capText, defang, quoteUserText } from "./user-text.js";

describe("user text in emails", () => {
  it.each([
    ["https://evil.example/pay", "https[:]//evil[.]example/pay"],
    ["www.evil.example", "www[.]evil[.]example"],
    ["pay bob@evil.example", "pay bob[@]evil[.]example"],
    ["evil\uff0eexample", "evil[\uff0e]example"],
    ["Acme Inc. and Sons", "Acme Inc. and Sons"],
  ])("defangs %j as %j", (input, output) => {
    expect(defang(input)).toBe(output);
  });

  it("caps whole graphemes and marks the cut", () => {
    expect(capText("x".repeat(80))).toBe("x".repeat(80));
    expect(capText("x".repeat(81))).toBe(`${"x".repeat(79)}…`);
    // A family emoji is one grapheme of several code points: never cut in the middle.
    const family = "👨‍👩‍👧";
    expect(capText(family.repeat(100))).toBe(`${family.repeat(79)}…`);
  });

  it("quotes, and turns controls and bidi overrides from older rows into spaces", () => {
    expect(quoteUserText(" Acme\u202e\nGmbH ")).toBe("“Acme  GmbH”");
  });
});
