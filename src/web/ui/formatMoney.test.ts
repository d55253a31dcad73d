import { describe, expect, it } from "vitest";
import { currencyExponent, formatMoney } from "./formatMoney.js";

describe("formatMoney (B4: integer minor units with the currency's exponent)", () => {
  it("places the decimal point by the currency's exponent", () => {
    expect(formatMoney({ amountMinor: 123456, currency: "EUR" })).toBe("€1,234.56");
    expect(formatMoney({ amountMinor: 1235, currency: "JPY" })).toBe("¥1,235");
    expect(formatMoney({ amountMinor: 1235, currency: "BHD" })).toBe("BHD\u00a01.235");
    expect(formatMoney({ amountMinor: 5, currency: "USD" })).toBe("$0.05");
    expect(formatMoney({ amountMinor: -250, currency: "GBP" })).toBe("-£2.50");
  });

  it("stays exact where floats would not (no division, so no 0.1 + 0.2 surprises at any size)", () => {
    expect(formatMoney({ amountMinor: 30, currency: "USD" })).toBe("$0.30");
    expect(formatMoney({ amountMinor: 9_007_199_254_740_991, currency: "USD" })).toBe("$90,071,992,547,409.91");
  });

  it("reads the exponent from Intl", () => {
    expect([currencyExponent("EUR"), currencyExponent("JPY"), currencyExponent("KWD")]).toEqual([2, 0, 3]);
  });
});
