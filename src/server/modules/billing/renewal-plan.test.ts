// B7: reminders 30 and 7 days before; a charge at term end; retries after 1, 3 and 7 days; hard
// declines and the last failure expire; running twice on one day repeats nothing.
import { describe, expect, it } from "vitest";
import { afterFailedCharge, DEFAULT_RETRY_DAYS, nextRenewalStep, type RenewalState } from "./renewal-plan.js";
import { addDays } from "./term.js";

const termEnd = "2027-01-31";
const base: RenewalState = {
  status: "active",
  autoRenew: true,
  invoiceOwner: "account",
  termEnd,
  renewalFailures: 0,
  reminder30SentFor: null,
  reminder7SentFor: null,
};
const on = (daysFromEnd: number, state: Partial<RenewalState> = {}) =>
  nextRenewalStep({ ...base, ...state }, addDays(termEnd, daysFromEnd), DEFAULT_RETRY_DAYS);

describe("renewal steps", () => {
  it("remind 30 and 7 days before, once each per term", () => {
    expect(on(-31)).toEqual({ kind: "none" });
    expect(on(-30)).toEqual({ kind: "remind", daysBefore: 30 });
    expect(on(-20, { reminder30SentFor: termEnd })).toEqual({ kind: "none" });
    expect(on(-7, { reminder30SentFor: termEnd })).toEqual({ kind: "remind", daysBefore: 7 });
    expect(on(-3, { reminder30SentFor: termEnd, reminder7SentFor: termEnd })).toEqual({ kind: "none" });
    // A reminder sent for the previous term does not count for this one.
    expect(on(-30, { reminder30SentFor: "2026-01-31" })).toEqual({ kind: "remind", daysBefore: 30 });
  });

  it("charge at term end, retry after 1, 3 and 7 days, then expire", () => {
    expect(on(0)).toEqual({ kind: "charge", attempt: 0 });
    expect(on(0, { status: "past_due", renewalFailures: 1 })).toEqual({ kind: "none" });
    expect(on(1, { status: "past_due", renewalFailures: 1 })).toEqual({ kind: "charge", attempt: 1 });
    expect(on(2, { status: "past_due", renewalFailures: 2 })).toEqual({ kind: "none" });
    expect(on(3, { status: "past_due", renewalFailures: 2 })).toEqual({ kind: "charge", attempt: 2 });
    expect(on(7, { status: "past_due", renewalFailures: 3 })).toEqual({ kind: "charge", attempt: 3 });
    expect(on(8, { status: "past_due", renewalFailures: 4 })).toEqual({ kind: "expire", reason: "payment_failed" });
    expect(afterFailedCharge(3, false, DEFAULT_RETRY_DAYS)).toEqual({ expire: true, failures: 4 });
    expect(afterFailedCharge(0, false, DEFAULT_RETRY_DAYS)).toEqual({ expire: false, failures: 1 });
  });

  it("never retry a hard decline", () => {
    expect(afterFailedCharge(0, true, DEFAULT_RETRY_DAYS)).toEqual({ expire: true, failures: 1 });
  });

  it("expire without auto-renew, and leave reseller and ended subscriptions alone", () => {
    expect(on(-30, { autoRenew: false })).toEqual({ kind: "none" });
    expect(on(0, { autoRenew: false })).toEqual({ kind: "expire", reason: "not_renewing" });
    expect(on(0, { invoiceOwner: "reseller" })).toEqual({ kind: "none" });
    expect(on(0, { status: "expired" })).toEqual({ kind: "none" });
  });
});
