// B3, B4: more seats (prorated by the days left in the term, to the day), storage packs (prorated
// likewise) and compute packs (full price) on an existing subscription. Seats only go down at
// renewal. Each add-on is one charge and one invoice, written like a purchase (purchases.service).

import type { AddOnRequest, PurchaseResult, QuoteDto } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import type { IdempotencyScope } from "../../app/idempotent.js";
import { change } from "../../platform/change/change.js";
import { AppError } from "../../platform/errors.js";
import type { StoredAnswer } from "../../platform/idempotency.js";
import { getContactsOrThrow, type Viewer } from "../accounts/index.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import type { BillingDeps } from "./billing.deps.js";
import { assertDirect, lockMoneyAccount } from "./billing-access.js";
import { getPackOrThrow, getPlanOrThrow } from "./catalog.js";
import { chargeKey, chargeOrThrow } from "./charge.js";
import { finaliseInvoice } from "./invoice-finalise.js";
import { sendLicenseMail } from "./license-mail.js";
import { type Quote, quotePackAddOn, quoteSeatAddOn } from "./pricing.js";
import { cardToChargeOrThrow } from "./purchases.service.js";
import { toInvoiceSummary, toSubscriptionSummary } from "./subscriptions.mapping.js";
import { lockSubscription, type SubscriptionRow, updateSubscription } from "./subscriptions.repository.js";
import { getSubscriptionFor, subscriptionNotFound } from "./subscriptions.service.js";
import { toIsoDate } from "./term.js";

function quoteAddOn(deps: BillingDeps, subscription: SubscriptionRow, input: AddOnRequest, today: string): Quote {
  if (subscription.invoice_owner !== "account") {
    throw new AppError(
      "forbidden",
      ERROR_CODES.resellerReadOnly,
      "Purchased through a reseller: contact them to add to this subscription.",
    );
  }
  if (subscription.status !== "active") {
    throw new AppError(
      "conflict",
      ERROR_CODES.subscriptionNotActive,
      "Add-ons can only be bought for an active subscription.",
    );
  }
  const term = { start: subscription.term_start, end: subscription.term_end };
  if (input.kind === "seats") {
    return quoteSeatAddOn({
      plan: getPlanOrThrow(deps.catalog, subscription.plan_id),
      seats: input.quantity,
      currentSeats: subscription.seats,
      currency: subscription.currency,
      term,
      today,
    });
  }
  return quotePackAddOn({
    pack: getPackOrThrow(deps.catalog, input.packId),
    quantity: input.quantity,
    currency: subscription.currency,
    term,
    today,
  });
}

async function decideAddOn(
  deps: BillingDeps,
  viewer: Viewer,
  subscriptionId: string,
  input: AddOnRequest,
  today: string,
) {
  const { row, account } = await getSubscriptionFor(deps, viewer, subscriptionId, "write");
  assertDirect(account);
  return { subscription: row, account, quote: quoteAddOn(deps, row, input, today) };
}

export async function previewAddOn(
  deps: BillingDeps,
  viewer: Viewer,
  subscriptionId: string,
  input: AddOnRequest,
): Promise<QuoteDto> {
  return (await decideAddOn(deps, viewer, subscriptionId, input, toIsoDate(new Date()))).quote;
}

export async function buyAddOn(
  deps: BillingDeps,
  viewer: Viewer,
  subscriptionId: string,
  input: AddOnRequest,
  idempotency: IdempotencyScope | null,
  meta: RequestMeta,
): Promise<StoredAnswer> {
  const now = new Date();
  const today = toIsoDate(now);
  const { subscription, account, quote } = await decideAddOn(deps, viewer, subscriptionId, input, today);
  const card = await cardToChargeOrThrow(deps, account.id, input.paymentMethodId);
  const contacts = await getContactsOrThrow(deps, viewer, account.id);
  const chargeId = await chargeOrThrow(deps.gateway, {
    token: card.gateway_token,
    amount: quote.total,
    key: chargeKey(idempotency, `add-on:${subscriptionId}`),
    description: `${quote.lines[0]?.description ?? "Add-on"} for ${subscription.subscription_number}`,
  });
  try {
    return await change(deps.db, {
      lock: (tx) => lockMoneyAccount(tx, account.id, viewer.id),
      decide: async (tx) => {
        const current = await lockSubscription(tx, subscriptionId);
        if (!current) throw subscriptionNotFound();
        // What was charged must still be the price: the term or seats may have changed while the
        // card was charged (a renewal, another add-on). Then refuse, and the charge is refunded.
        const again = quoteAddOn(deps, current, input, today);
        if (again.total.amountMinor !== quote.total.amountMinor) {
          throw new AppError(
            "conflict",
            ERROR_CODES.subscriptionChanged,
            "The subscription changed meanwhile. Check the new price and try again.",
          );
        }
        const updated = await updateSubscription(
          tx,
          subscriptionId,
          input.kind === "seats"
            ? { seats: current.seats + input.quantity }
            : getPackOrThrow(deps.catalog, input.packId).kind === "storage"
              ? { storage_packs: current.storage_packs + input.quantity }
              : {},
        );
        const invoice = await finaliseInvoice(
          tx,
          deps.seller,
          {
            account,
            contacts,
            subscription: current,
            kind: "add_on",
            quote,
            card,
            chargeId,
            issuedAt: now,
          },
          { outbox: deps.outbox, baseUrl: deps.config.baseUrl },
        );
        await recordEvent(tx, meta, {
          action: "subscription.add_on_purchased",
          subjectType: "subscription",
          subjectId: subscriptionId,
          billingAccountId: account.id,
          summary: {
            subscriptionNumber: current.subscription_number,
            addOn:
              input.kind === "seats" ? { seats: input.quantity } : { pack: input.packId, quantity: input.quantity },
            seats: { from: current.seats, to: updated.seats },
            invoiceNumber: invoice.invoice_number,
            total: quote.total,
          },
        });
        // S3: a license names the seats, so more seats bring a new file.
        if (updated.seats !== current.seats) {
          await sendLicenseMail(tx, deps, { contacts, subscription: updated, reason: "seats" });
        }
        const result: PurchaseResult = {
          subscription: toSubscriptionSummary(updated),
          invoice: toInvoiceSummary({ ...invoice, subscription_number: current.subscription_number }),
        };
        const answer = { status: 201, body: result };
        await idempotency?.finish(tx, answer);
        return answer;
      },
    });
  } catch (error) {
    if (error instanceof AppError) await deps.gateway.refund(chargeId);
    throw error;
  }
}
