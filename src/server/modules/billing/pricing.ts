// What a purchase or an add-on costs. The preview and the charge call the same functions with
// the same inputs, so the amount shown is the amount charged (B4). Pure: no clock, no database.

import type { Deployment, Pack, Plan } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { AppError } from "../../platform/errors.js";
import { priceInOrThrow } from "./catalog.js";
import { type Money, share, sum, times, zero } from "./money.js";
import { daysBetween, type IsoDate, oneYearAfter } from "./term.js";

export type QuoteLine = {
  description: string;
  quantity: number;
  /** Price of one unit for the whole period named in the description. */
  unitAmount: Money;
  /** What this line charges (prorated where the description says so). */
  amount: Money;
  /** Set on prorated lines: the days charged out of the term's days. */
  proration?: { days: number; termDays: number; from: IsoDate; to: IsoDate };
};

export type Quote = { currency: string; lines: QuoteLine[]; subtotal: Money; tax: Money; total: Money };

const DEPLOYMENT_LABEL: Record<Deployment, string> = { saas: "SaaS", self_managed: "Self-managed" };

function quote(currency: string, lines: QuoteLine[]): Quote {
  const subtotal = sum(
    currency,
    lines.map((l) => l.amount),
  );
  // Tax is not computed yet: invoices state net amounts (README, "Money").
  const tax = zero(currency);
  return { currency, lines, subtotal, tax, total: sum(currency, [subtotal, tax]) };
}

function checkQuantity(quantity: number, min: number, max: number, field: string, what: string): void {
  if (!Number.isSafeInteger(quantity) || quantity < min || quantity > max) {
    throw new AppError("invalid", ERROR_CODES.invalidQuantity, `Choose between ${min} and ${max} ${what}.`, [
      { path: field, message: `Between ${min} and ${max}` },
    ]);
  }
}

/** A new subscription: `seats` × the plan's yearly seat price, for a term of one year from `start`. */
export function quoteNewSubscription(input: {
  plan: Plan;
  deployment: Deployment;
  seats: number;
  currency: string;
  start: IsoDate;
}): Quote & { term: { start: IsoDate; end: IsoDate } } {
  const { plan, deployment, seats, currency, start } = input;
  if (!plan.deployments.includes(deployment)) {
    throw new AppError("invalid", ERROR_CODES.deploymentNotOffered, `${plan.name} is not sold for this deployment.`, [
      { path: "deployment", message: "Not offered for this plan" },
    ]);
  }
  checkQuantity(seats, plan.minSeats, plan.maxSeats, "seats", "seats");
  const unit = priceInOrThrow(plan.seatPrices, currency);
  const end = oneYearAfter(start);
  const line: QuoteLine = {
    description: `${plan.name} (${DEPLOYMENT_LABEL[deployment]}), seat for one year, ${start} to ${end}`,
    quantity: seats,
    unitAmount: unit,
    amount: times(unit, seats),
  };
  return { ...quote(currency, [line]), term: { start, end } };
}

/** The share of a yearly price for the days left in the term, counted from `today` (to the day). */
function prorated(
  unit: Money,
  quantity: number,
  term: { start: IsoDate; end: IsoDate },
  today: IsoDate,
): Pick<QuoteLine, "amount" | "proration"> {
  const termDays = daysBetween(term.start, term.end);
  const from = daysBetween(term.start, today) < 0 ? term.start : today;
  const days = daysBetween(from, term.end);
  if (days <= 0 || termDays <= 0) {
    throw new AppError("conflict", ERROR_CODES.termEnded, "This subscription's term has ended: renew it first.");
  }
  return {
    amount: share(times(unit, quantity), Math.min(days, termDays), termDays),
    proration: { days: Math.min(days, termDays), termDays, from, to: term.end },
  };
}

/** More seats on a subscription, prorated by the days left in its term. */
export function quoteSeatAddOn(input: {
  plan: Plan;
  seats: number;
  currentSeats: number;
  currency: string;
  term: { start: IsoDate; end: IsoDate };
  today: IsoDate;
}): Quote {
  const { plan, seats, currentSeats, currency, term, today } = input;
  checkQuantity(seats, 1, Math.max(0, plan.maxSeats - currentSeats), "seats", "more seats");
  const unit = priceInOrThrow(plan.seatPrices, currency);
  const line: QuoteLine = {
    description: `${plan.name}: ${seats} more seat${seats === 1 ? "" : "s"} until ${term.end}`,
    quantity: seats,
    unitAmount: unit,
    ...prorated(unit, seats, term, today),
  };
  return quote(currency, [line]);
}

/** Storage packs last to the term's end (prorated); compute packs are one-off minutes (full price). */
export function quotePackAddOn(input: {
  pack: Pack;
  quantity: number;
  currency: string;
  term: { start: IsoDate; end: IsoDate };
  today: IsoDate;
}): Quote {
  const { pack, quantity, currency, term, today } = input;
  checkQuantity(quantity, 1, pack.maxQuantity, "quantity", "packs");
  const unit = priceInOrThrow(pack.prices, currency);
  const line: QuoteLine =
    pack.kind === "storage"
      ? {
          description: `${pack.name} until ${term.end}`,
          quantity,
          unitAmount: unit,
          ...prorated(unit, quantity, term, today),
        }
      : { description: pack.name, quantity, unitAmount: unit, amount: times(unit, quantity) };
  return quote(currency, [line]);
}

/** A renewal: the current seats for one more year from the old term's end. */
export function quoteRenewal(input: {
  plan: Plan;
  deployment: Deployment;
  seats: number;
  currency: string;
  previousEnd: IsoDate;
}): Quote & { term: { start: IsoDate; end: IsoDate } } {
  return quoteNewSubscription({ ...input, start: input.previousEnd });
}
