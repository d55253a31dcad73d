// Issue 13: addresses print in the country's order (#9); the currency follows the country (#7).
import { describe, expect, it } from "vitest";
import { addressLines, defaultCurrencyFor } from "./format.js";

describe("addressLines", () => {
  it("writes a US address as city, state and ZIP on one line", () => {
    expect(
      addressLines({
        line1: "1 Market Street",
        line2: "Suite 300",
        city: "San Francisco",
        region: "CA",
        postalCode: "94105",
        country: "US",
      }),
    ).toEqual(["1 Market Street", "Suite 300", "San Francisco, CA 94105", "United States"]);
  });

  it("puts the postal code before the city in Germany and leaves out a missing region", () => {
    expect(
      addressLines({
        line1: "Friedrichstraße 68",
        line2: null,
        city: "Berlin",
        region: null,
        postalCode: "10117",
        country: "DE",
      }),
    ).toEqual(["Friedrichstraße 68", "10117 Berlin", "Germany"]);
  });

  it("gives the UK postcode its own line", () => {
    expect(
      addressLines({
        line1: "10 Downing Street",
        line2: null,
        city: "London",
        region: null,
        postalCode: "SW1A 2AA",
        country: "GB",
      }),
    ).toEqual(["10 Downing Street", "London", "SW1A 2AA", "United Kingdom"]);
  });
});

describe("defaultCurrencyFor", () => {
  it("follows the country", () => {
    expect(defaultCurrencyFor("DE")).toBe("EUR");
    expect(defaultCurrencyFor("FR")).toBe("EUR");
    expect(defaultCurrencyFor("GB")).toBe("GBP");
    expect(defaultCurrencyFor("US")).toBe("USD");
    expect(defaultCurrencyFor("CH")).toBe("CHF");
  });

  it("falls back to the API's default without a country", () => {
    expect(defaultCurrencyFor("")).toBe("USD");
  });
});
