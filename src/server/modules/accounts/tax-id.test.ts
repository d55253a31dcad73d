// A1: tax IDs are checked for their country's format and check digits (jsvat), with a clear error.
import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.js";
import { normaliseTaxId } from "./tax-id.js";

function refusal(country: string, value: string): string {
  try {
    normaliseTaxId(country, value);
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("tax IDs", () => {
  it("accept valid VAT numbers with or without the country prefix, spaces or dots", () => {
    expect(normaliseTaxId("DE", "DE 136 695 976")).toBe("DE136695976");
    expect(normaliseTaxId("DE", "136695976")).toBe("DE136695976");
    expect(normaliseTaxId("PL", "526-025-02-74")).toBe("PL5260250274");
    expect(normaliseTaxId("BE", "0411.905.847")).toBe("BE0411905847");
  });

  it("refuse a wrong check digit and a wrong format, saying which", () => {
    expect(refusal("DE", "DE136695977")).toMatch(/check digits/);
    expect(refusal("DE", "DE12345")).toMatch(/format of a Germany VAT number/);
  });

  it("check only the shape where no rules are known", () => {
    expect(normaliseTaxId("US", " 94-1234567 ")).toBe("94-1234567");
    expect(refusal("US", "!")).toMatch(/2 to 30/);
  });
});
