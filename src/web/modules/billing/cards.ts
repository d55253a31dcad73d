// How cards read to a person, and the card form's parsing (B1, B2).
import type { PaymentMethod } from "../../../shared/billing.js";

const BRANDS: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
};

export function brandName(brand: string): string {
  return BRANDS[brand] ?? "Card";
}

/** "Visa •••• 4242" (the dots are hidden from screen readers by the caller's aria-label). */
export function cardLabel(card: Pick<PaymentMethod, "brand" | "last4">): string {
  return `${brandName(card.brand)} •••• ${card.last4}`;
}

/** "Visa ending in 4242": what a screen reader says instead of the dots. */
export function cardSpoken(card: Pick<PaymentMethod, "brand" | "last4">): string {
  return `${brandName(card.brand)} ending in ${card.last4}`;
}

export function expiryLabel(card: Pick<PaymentMethod, "expMonth" | "expYear">): string {
  return `${String(card.expMonth).padStart(2, "0")}/${card.expYear}`;
}

/** "4242424242424242" → "4242 4242 4242 4242", as it is printed on the card. */
export function groupCardNumber(input: string): string {
  const digits = input.replace(/\D/g, "").slice(0, 19);
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** "MM / YY" as typed, with the slash added after the month. */
export function formatExpiryInput(input: string): string {
  const digits = input.replace(/\D/g, "").slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

/** "12 / 29", "12/2029" → { month: 12, year: 2029 }; null when it is not a month and year. */
export function parseExpiry(input: string, now = new Date()): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(input);
  if (!match) return null;
  const month = Number(match[1]);
  let year = Number(match[2]);
  if (month < 1 || month > 12) return null;
  if (year < 100) year += Math.floor(now.getUTCFullYear() / 100) * 100;
  return { month, year };
}
