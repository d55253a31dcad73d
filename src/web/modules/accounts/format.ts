// How account data reads to a person: country names, dates, people, invitation states.

import countryToCurrency from "country-to-currency";
import { formatAddress } from "localized-address-format";
import type { Address, InvitationState } from "../../../shared/accounts.js";
import { COUNTRY_CODES, CURRENCY_CODES, DEFAULT_CURRENCY } from "../../../shared/iso.js";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const currencyNames = new Intl.DisplayNames(["en"], { type: "currency" });

export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export function currencyName(code: string): string {
  try {
    return currencyNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Options for the country pickers, by name (the API takes ISO 3166-1 alpha-2 codes). */
export const countryOptions = COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code) })).sort((a, b) =>
  a.label.localeCompare(b.label, "en"),
);

export const currencyOptions = CURRENCY_CODES.map((code) => ({
  value: code,
  label: `${code} · ${currencyName(code)}`,
}));

/**
 * The address as lines, in the order the country writes it on an envelope ("San Francisco, CA
 * 94105" in the US, "10117 Berlin" in Germany), then the country's name. The patterns are
 * Google's address formats, through `localized-address-format`.
 */
export function addressLines(address: Address): string[] {
  const lines = formatAddress({
    postalCountry: address.country,
    addressLines: [address.line1, address.line2 ?? ""].filter((line) => line.trim() !== ""),
    locality: address.city,
    administrativeArea: address.region ?? "",
    postalCode: address.postalCode,
  });
  return [...lines, countryName(address.country)].filter((line) => line.trim() !== "");
}

/**
 * The currency a company in `country` most likely invoices in (EUR for Germany, GBP for the
 * United Kingdom), if the API accepts it; else the API's default.
 */
export function defaultCurrencyFor(country: string): string {
  const currency = (countryToCurrency as Record<string, string | undefined>)[country];
  return currency && (CURRENCY_CODES as readonly string[]).includes(currency) ? currency : DEFAULT_CURRENCY;
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

export function personName(person: { firstName: string; lastName: string; email?: string | null }): string {
  const name = `${person.firstName} ${person.lastName}`.trim();
  return name === "" ? (person.email ?? "") : name;
}

export function initialsOf(person: { firstName: string; lastName: string; email: string }): string {
  const fromName = `${person.firstName.charAt(0)}${person.lastName.charAt(0)}`.trim();
  return (fromName === "" ? person.email.charAt(0) : fromName).toUpperCase();
}

// A6: only pending or expired; nothing shown may tell whether the invited address has a profile.
export const invitationStateLabels: Record<InvitationState, string> = {
  pending: "Pending",
  expired: "Expired",
};

export const invitationStateColors: Record<InvitationState, string> = {
  pending: "indigo",
  expired: "gray",
};
