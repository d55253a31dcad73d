// A1: a tax ID is checked against its country's format and check digits where a library knows
// them (jsvat: the EU's VAT numbers, the UK, Switzerland, Norway and a few more); elsewhere only
// its shape is checked and it is kept as typed. A checked VAT number is stored upper case, without
// spaces or dots, with its country prefix, as the tax authorities print it on an invoice.

import { checkVAT, countries } from "jsvat";
import { ERROR_CODES } from "../../../shared/errors.js";
import { AppError } from "../../platform/errors.js";

/** jsvat's Greece uses the VAT prefix EL, not the ISO code GR. */
const VAT_PREFIX: Record<string, string> = { GR: "EL" };

const byIsoCode = new Map(countries.map((country) => [country.codes[0], country]));

const invalid = (message: string) =>
  new AppError("invalid", ERROR_CODES.invalidTaxId, message, [{ path: "taxId", message }]);

/** The tax ID as stored, or a 400 that says what is wrong with it. */
export function normaliseTaxId(country: string, value: string): string {
  const compact = value.toUpperCase().replace(/[\s.\-_/]/g, "");
  const rules = byIsoCode.get(country);
  if (!rules) {
    // No rules known: keep it as typed (an EIN keeps its dash), if it looks like an identifier.
    const typed = value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9 .\-/]{1,29}$/.test(typed)) {
      throw invalid("A tax ID has 2 to 30 letters and digits (spaces, dots, dashes and slashes allowed).");
    }
    return typed;
  }
  const prefix = VAT_PREFIX[country] ?? country;
  const withPrefix = compact.startsWith(prefix) ? compact : `${prefix}${compact}`;
  const result = checkVAT(withPrefix, [rules]);
  if (!result.isValidFormat) throw invalid(`This is not the format of a ${rules.name} VAT number.`);
  if (!result.isValid) throw invalid(`This ${rules.name} VAT number's check digits do not match: check for a typo.`);
  return withPrefix;
}
