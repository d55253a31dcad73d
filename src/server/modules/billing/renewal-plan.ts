// B7: what a renewal run does with one subscription on a given day. Pure, so that the scheduled
// job, `billfold renewals run --date` and the tests all decide the same way. Everything a run
// does is keyed by the term it renews (and the attempt), so running it twice for one day, or
// resuming a run that was killed, repeats nothing: reminders are marked as sent for a term end,
// and a charge's gateway key names the term and the attempt.
import { daysBetween, type IsoDate } from "./term.js";

export type RenewalState = {
  status: "active" | "past_due" | "expired" | "cancelled";
  autoRenew: boolean;
  invoiceOwner: "account" | "reseller";
  termEnd: IsoDate;
  renewalFailures: number;
  reminder30SentFor: IsoDate | null;
  reminder7SentFor: IsoDate | null;
};

export type RenewalStep =
  | { kind: "none" }
  | { kind: "remind"; daysBefore: 30 | 7 }
  /** Charge the default card; `attempt` is 0 for the first try at term end, then 1, 2, … */
  | { kind: "charge"; attempt: number }
  /** The term ended without auto-renew, or every retry failed. */
  | { kind: "expire"; reason: "not_renewing" | "payment_failed" };

/** Days after the term's end on which a failed renewal is tried again (B7; RENEWAL_RETRY_DAYS). */
export const DEFAULT_RETRY_DAYS = [1, 3, 7] as const;

export function nextRenewalStep(s: RenewalState, today: IsoDate, retryDays: readonly number[]): RenewalStep {
  // Reseller-owned subscriptions are renewed by the reseller (R1); ended ones need nothing.
  if (s.invoiceOwner !== "account" || s.status === "expired" || s.status === "cancelled") return { kind: "none" };
  const daysLeft = daysBetween(today, s.termEnd);
  if (daysLeft > 0) {
    if (!s.autoRenew) return { kind: "none" };
    if (daysLeft <= 7) return s.reminder7SentFor === s.termEnd ? { kind: "none" } : { kind: "remind", daysBefore: 7 };
    if (daysLeft <= 30)
      return s.reminder30SentFor === s.termEnd ? { kind: "none" } : { kind: "remind", daysBefore: 30 };
    return { kind: "none" };
  }
  if (!s.autoRenew) return { kind: "expire", reason: "not_renewing" };
  const attempt = s.renewalFailures;
  if (attempt === 0) return { kind: "charge", attempt };
  if (attempt > retryDays.length) return { kind: "expire", reason: "payment_failed" };
  // Retry `attempt` is due `retryDays[attempt - 1]` days after the term's end.
  return -daysLeft >= retryDays[attempt - 1]! ? { kind: "charge", attempt } : { kind: "none" };
}

/** After a failed charge: is there another try, or does the subscription expire now? */
export function afterFailedCharge(
  failuresBefore: number,
  hardDecline: boolean,
  retryDays: readonly number[],
): { expire: boolean; failures: number } {
  const failures = failuresBefore + 1;
  return { expire: hardDecline || failures > retryDays.length, failures };
}
