// How account data reads to a person: country names, dates, people, invitation states.
import type { Address, InvitationState } from "../../../shared/accounts.js";
import { COUNTRY_CODES, CURRENCY_CODES } from "../../../shared/iso.js";

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

/** The address as lines, the way it is written on an envelope. */
export function addressLines(address: Address): string[] {
  const cityLine = [address.postalCode, address.city].filter(Boolean).join(" ");
  return [address.line1, address.line2, cityLine, address.region, countryName(address.country)].filter(
    (line): line is string => typeof line === "string" && line.trim() !== "",
  );
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
