// B7: the renewal run. For each direct subscription near or past its term's end it takes the step
// renewal-plan.ts decides: a reminder 30 and 7 days before, a charge of the default card at term
// end, retries on RENEWAL_RETRY_DAYS, expiry. Safe to run twice for one day, by several processes
// at once, or again after being killed halfway:
// - a reminder is marked as sent for the term end it announces, under the subscription's lock;
// - a charge's gateway key names the subscription, the term end and the attempt, so a repeated
//   run reaches the same charge at the gateway instead of charging again; its result is written
//   only if the subscription is still at that term and attempt (checked under the row lock).

import { change } from "../../platform/change/change.js";
import { DECLINE_MESSAGES, type DeclineCode, HARD_DECLINES } from "../../platform/payments/gateway.js";
import { findAccountWithContacts } from "../accounts/index.js";
import { recordEvent, systemMeta } from "../audit/index.js";
import type { BillingDeps } from "./billing.deps.js";
import { renewalFailedMail, renewalReminderMail, subscriptionExpiredMail } from "./billing.emails.js";
import { accountPageUrl } from "./billing.links.js";
import { isExpired } from "./card-expiry.js";
import { getPlanOrThrow } from "./catalog.js";
import { finaliseInvoice } from "./invoice-finalise.js";
import { sendLicenseMail } from "./license-mail.js";
import { findDefaultPaymentMethod } from "./payment-methods.repository.js";
import { quoteRenewal } from "./pricing.js";
import { afterFailedCharge, nextRenewalStep, type RenewalStep } from "./renewal-plan.js";
import { lockSubscription, type SubscriptionRow, updateSubscription } from "./subscriptions.repository.js";
import { listDueSubscriptions } from "./subscriptions-due.repository.js";
import { addDays, type IsoDate } from "./term.js";

export type RenewalReport = { examined: number; reminded: number; renewed: number; failed: number; expired: number };

const PAGE = 500;

function stateOf(row: SubscriptionRow) {
  return {
    status: row.status,
    autoRenew: row.auto_renew,
    invoiceOwner: row.invoice_owner,
    termEnd: row.term_end,
    renewalFailures: row.renewal_failures,
    reminder30SentFor: row.reminder_30_sent_for,
    reminder7SentFor: row.reminder_7_sent_for,
  };
}

const sameStep = (a: RenewalStep, b: RenewalStep) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs every step due on `today`. With `retryPastDueNow` (a new default card, B7), the failed
 * renewals of `accountId` are tried again at once instead of on their retry day.
 */
export async function runRenewals(
  deps: BillingDeps,
  today: IsoDate,
  options: { accountId?: string; retryPastDueNow?: boolean; now?: Date } = {},
): Promise<RenewalReport> {
  const report: RenewalReport = { examined: 0, reminded: 0, renewed: 0, failed: 0, expired: 0 };
  const horizon = addDays(today, 30);
  let after: { termEnd: string; id: string } | null = null;
  for (;;) {
    const page = await listDueSubscriptions(deps.db, { horizon, after, limit: PAGE, accountId: options.accountId });
    for (const row of page) {
      report.examined++;
      let step = nextRenewalStep(stateOf(row), today, deps.renewalRetryDays);
      if (step.kind === "none" && options.retryPastDueNow && row.status === "past_due") {
        step = { kind: "charge", attempt: row.renewal_failures };
      }
      if (step.kind === "none") continue;
      const outcome = await takeStep(deps, row, step, today, options.now ?? new Date());
      if (outcome) report[outcome]++;
    }
    if (page.length < PAGE) return report;
    const last = page.at(-1)!;
    after = { termEnd: last.term_end, id: last.id };
  }
}

async function takeStep(
  deps: BillingDeps,
  row: SubscriptionRow,
  step: Exclude<RenewalStep, { kind: "none" }>,
  today: IsoDate,
  now: Date,
): Promise<keyof Omit<RenewalReport, "examined"> | null> {
  const found = await findAccountWithContacts(deps.db, row.billing_account_id);
  if (!found) return null;
  const { account, contacts } = found;
  const recipients = [...new Set([contacts.subscriptionContact.email, contacts.billingContact.email])].filter(
    (e): e is string => Boolean(e),
  );
  const urls = {
    subscriptions: accountPageUrl(deps.config.baseUrl, account.id, "subscriptions"),
    paymentMethods: accountPageUrl(deps.config.baseUrl, account.id, "payment-methods"),
  };

  const meta = systemMeta;

  if (step.kind === "remind" || step.kind === "expire") {
    return change(deps.db, {
      lock: (tx) => lockSubscription(tx, row.id),
      decide: async (tx, current) => {
        // Another run took this step meanwhile: nothing to do.
        if (!current || !sameStep(nextRenewalStep(stateOf(current), today, deps.renewalRetryDays), step)) return null;
        if (step.kind === "remind") {
          const card = await findDefaultPaymentMethod(tx, account.id);
          const plan = getPlanOrThrow(deps.catalog, current.plan_id);
          const amount = quoteRenewal({
            plan,
            deployment: current.deployment,
            seats: current.seats,
            currency: current.currency,
            previousEnd: current.term_end,
          }).total;
          await updateSubscription(
            tx,
            row.id,
            step.daysBefore === 30
              ? { reminder_30_sent_for: current.term_end }
              : { reminder_7_sent_for: current.term_end },
          );
          for (const to of recipients) {
            await deps.outbox.send(
              tx,
              renewalReminderMail(to, {
                subscriptionNumber: current.subscription_number,
                termEnd: current.term_end,
                amount,
                cardLast4: card?.last4 ?? null,
                subscriptionsUrl: urls.subscriptions,
              }),
            );
          }
          await recordEvent(tx, meta, {
            action: "subscription.renewal_reminder_sent",
            subjectType: "subscription",
            subjectId: row.id,
            billingAccountId: account.id,
            summary: {
              subscriptionNumber: current.subscription_number,
              daysBefore: step.daysBefore,
              termEnd: current.term_end,
            },
          });
          return "reminded";
        }
        await updateSubscription(tx, row.id, { status: "expired" });
        for (const to of recipients) {
          await deps.outbox.send(
            tx,
            subscriptionExpiredMail(to, { subscriptionNumber: current.subscription_number, termEnd: current.term_end }),
          );
        }
        await recordEvent(tx, meta, {
          action: "subscription.expired",
          subjectType: "subscription",
          subjectId: row.id,
          billingAccountId: account.id,
          summary: { subscriptionNumber: current.subscription_number, reason: step.reason, termEnd: current.term_end },
        });
        return "expired";
      },
    });
  }

  // A charge: the default card, for the current seats, one more year from the old term's end.
  const plan = getPlanOrThrow(deps.catalog, row.plan_id);
  const quote = quoteRenewal({
    plan,
    deployment: row.deployment,
    seats: row.seats,
    currency: row.currency,
    previousEnd: row.term_end,
  });
  const card = await findDefaultPaymentMethod(deps.db, account.id);
  let decline: DeclineCode | null = null;
  let chargeId: string | null = null;
  if (!card || isExpired(card, now)) {
    decline = "expired_card";
  } else {
    const result = await deps.gateway.charge({
      token: card.gateway_token,
      amount: quote.total,
      idempotencyKey: `renewal:${row.id}:${row.term_end}:${step.attempt}`,
      description: `Renewal of ${row.subscription_number}`,
    });
    if (result.outcome === "succeeded") chargeId = result.chargeId;
    else decline = result.declineCode;
  }

  return change(deps.db, {
    lock: (tx) => lockSubscription(tx, row.id),
    decide: async (tx, current) => {
      // Written once per term and attempt: a concurrent or repeated run finds it done.
      if (!current || current.term_end !== row.term_end || current.renewal_failures !== step.attempt) return null;
      if (chargeId && card) {
        const renewed = await updateSubscription(tx, row.id, {
          status: "active",
          term_start: quote.term.start,
          term_end: quote.term.end,
          renewal_failures: 0,
          last_renewal_decline: null,
          storage_packs: 0,
        });
        const invoice = await finaliseInvoice(
          tx,
          deps.seller,
          {
            account,
            contacts,
            subscription: current,
            kind: "renewal",
            quote,
            card,
            chargeId,
            issuedAt: now,
          },
          { outbox: deps.outbox, baseUrl: deps.config.baseUrl },
        );
        await recordEvent(tx, meta, {
          action: "subscription.renewed",
          subjectType: "subscription",
          subjectId: row.id,
          billingAccountId: account.id,
          summary: {
            subscriptionNumber: current.subscription_number,
            term: { from: current.term_end, to: renewed.term_end },
            invoiceNumber: invoice.invoice_number,
            total: quote.total,
            attempt: step.attempt,
          },
        });
        // S3: the file for the new term (the old one expires with the old term's grace period).
        await sendLicenseMail(tx, deps, { contacts, subscription: renewed, reason: "renewal" });
        return "renewed";
      }
      const code = decline ?? "processing_error";
      const { expire, failures } = afterFailedCharge(
        step.attempt,
        HARD_DECLINES.has(code) && card !== undefined && !isExpired(card, now),
        deps.renewalRetryDays,
      );
      await updateSubscription(tx, row.id, {
        status: expire ? "expired" : "past_due",
        renewal_failures: failures,
        last_renewal_decline: code,
      });
      const nextAttempt = expire ? null : addDays(current.term_end, deps.renewalRetryDays[failures - 1]!);
      for (const to of recipients) {
        await deps.outbox.send(
          tx,
          renewalFailedMail(to, {
            subscriptionNumber: current.subscription_number,
            reason: DECLINE_MESSAGES[code],
            nextAttempt,
            paymentMethodsUrl: urls.paymentMethods,
          }),
        );
      }
      await recordEvent(tx, meta, {
        action: expire ? "subscription.renewal_failed_expired" : "subscription.renewal_failed",
        subjectType: "subscription",
        subjectId: row.id,
        billingAccountId: account.id,
        summary: {
          subscriptionNumber: current.subscription_number,
          declineCode: code,
          attempt: step.attempt,
          nextAttempt,
        },
      });
      return expire ? "expired" : "failed";
    },
  });
}
