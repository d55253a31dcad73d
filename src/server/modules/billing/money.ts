// B4: money is an integer number of minor units with its ISO 4217 currency. Arithmetic goes
// through dinero.js so that exponents (JPY has none, BHD has three) and rounding are never done
// by hand with floats.

import { add, type Dinero, type DineroCurrency, dinero, multiply, toSnapshot } from "dinero.js";
import * as currencies from "dinero.js/currencies";

import type { Money } from "../../platform/payments/gateway.js";

export type { Money };

const byCode = currencies as unknown as Record<string, DineroCurrency<number> | undefined>;

/** The currency's dinero definition; throws for a code dinero does not know (config errors). */
export function currencyOf(code: string): DineroCurrency<number> {
  const currency = byCode[code];
  if (!currency) throw new Error(`unknown currency ${code}`);
  return currency;
}

export function isKnownCurrency(code: string): boolean {
  return byCode[code] !== undefined;
}

function toDinero(money: Money): Dinero<number> {
  if (!Number.isSafeInteger(money.amountMinor)) throw new Error("money must be a safe integer of minor units");
  return dinero({ amount: money.amountMinor, currency: currencyOf(money.currency) });
}

function fromDinero(value: Dinero<number>): Money {
  const { amount, currency, scale } = toSnapshot(value);
  if (scale !== currency.exponent) throw new Error("money left its currency's scale");
  return { amountMinor: amount, currency: currency.code };
}

export function money(amountMinor: number, currency: string): Money {
  return fromDinero(toDinero({ amountMinor, currency }));
}

export function zero(currency: string): Money {
  return money(0, currency);
}

/** Sum of amounts in one currency (mixing currencies throws). */
export function sum(currency: string, amounts: readonly Money[]): Money {
  return fromDinero(amounts.reduce((total, m) => add(total, toDinero(m)), toDinero(zero(currency))));
}

/** `unit` × a whole quantity. */
export function times(unit: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new Error("quantity must be a whole number ≥ 0");
  return fromDinero(multiply(toDinero(unit), quantity));
}

/**
 * The share `part / whole` of `amount`, rounded down to a whole minor unit: a prorated charge
 * rounds in the customer's favour, and never exceeds the whole. A ratio of days is not a decimal
 * dinero can scale by, so this one division is exact integer arithmetic (BigInt), not floats.
 */
export function share(amount: Money, part: number, whole: number): Money {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || whole <= 0 || part < 0 || part > whole) {
    throw new Error("share needs whole numbers with 0 ≤ part ≤ whole and whole > 0");
  }
  const minor = (BigInt(amount.amountMinor) * BigInt(part)) / BigInt(whole);
  return money(Number(minor), amount.currency);
}

/** "€1,234.50" for a person (the invoice PDF, emails); the API answers minor units. */
export function formatMoney(value: Money, locale = "en-GB"): string {
  const { exponent } = currencyOf(value.currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: value.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(value.amountMinor / 10 ** exponent);
}
