// Money as people read it: "€1,234.56", "¥1,235", "BHD 1.235". The API sends integer minor units
// with an ISO currency (B4); the currency's exponent (2 for EUR, 0 for JPY, 3 for BHD) comes from
// Intl, and the amount is handed to Intl as a decimal string, so no float ever touches it.

export interface Money {
  amountMinor: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en", { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** The number of minor-unit digits of `currency` (EUR 2, JPY 0, BHD 3). */
export function currencyExponent(currency: string): number {
  return formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "-12345" with exponent 2 → "-123.45": the exact decimal, by string, not by division. */
function toDecimalString(amountMinor: number, exponent: number): string {
  const sign = amountMinor < 0 ? "-" : "";
  const digits = String(Math.abs(Math.trunc(amountMinor))).padStart(exponent + 1, "0");
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function formatMoney({ amountMinor, currency }: Money): string {
  const formatter = formatterFor(currency);
  const decimal = toDecimalString(amountMinor, currencyExponent(currency));
  // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3).
  return formatter.format(decimal as unknown as number);
}
