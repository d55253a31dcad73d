// B3–B5, S1: buying a subscription. The price is computed by the same function for the preview
// and the charge (B4). The card is charged once, before and outside the transaction that writes
// the subscription, its invoice, the events and the emails (AU1, E1); if that transaction refuses
// (the buyer stopped being a manager meanwhile, say), the charge is refunded.

import type { PurchaseRequest, PurchaseResult, QuoteDto } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import type { IdempotencyScope } from "../../app/idempotent.js";
import { change } from "../../platform/change/change.js";
import { AppError } from "../../platform/errors.js";
import type { StoredAnswer } from "../../platform/idempotency.js";
import { getContactsOrThrow, type Viewer } from "../accounts/index.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import type { BillingDeps } from "./billing.deps.js";
import { purchaseConfirmationMail } from "./billing.emails.js";
import { accountPageUrl } from "./billing.links.js";
import { lockMoneyAccount, readMoneyAccountFor } from "./billing-access.js";
import { isExpired } from "./card-expiry.js";
import { getPlanOrThrow } from "./catalog.js";
import { chargeKey, chargeOrThrow } from "./charge.js";
import { finaliseInvoice } from "./invoice-finalise.js";
import { sendLicenseMail } from "./license-mail.js";
import { findDefaultPaymentMethod, findPaymentMethod } from "./payment-methods.repository.js";
import { paymentMethodNotFound } from "./payment-methods.service.js";
import { quoteNewSubscription } from "./pricing.js";
import { toInvoiceSummary, toSubscriptionSummary } from "./subscriptions.mapping.js";
import { insertSubscription } from "./subscriptions.repository.js";
import { toIsoDate } from "./term.js";

/** The card that pays: the one chosen, or the default (B2). Expired cards cannot be charged. */
export async function cardToChargeOrThrow(
  deps: Pick<BillingDeps, "db">,
  accountId: string,
  chosen: string | undefined,
) {
  const card = chosen
    ? await findPaymentMethod(deps.db, accountId, chosen)
    : await findDefaultPaymentMethod(deps.db, accountId);
  if (!card) {
    if (chosen) throw paymentMethodNotFound();
    throw new AppError("conflict", ERROR_CODES.noPaymentMethod, "Add a card to this billing account first.");
  }
  if (isExpired(card)) {
    throw new AppError(
      "conflict",
      ERROR_CODES.cardExpired,
      `The card ending in ${card.last4} has expired. Choose or add another card.`,
    );
  }
  return card;
}

async function decidePurchase(deps: BillingDeps, viewer: Viewer, input: PurchaseRequest, today: string) {
  const { account } = await readMoneyAccountFor(deps, viewer, input.billingAccountId, "write");
  const plan = getPlanOrThrow(deps.catalog, input.planId);
  const quote = quoteNewSubscription({
    plan,
    deployment: input.deployment,
    seats: input.seats,
    currency: account.currency,
    start: today,
  });
  return { account, plan, quote };
}

/** POST /purchases/preview: exactly what POST /purchases would charge now. */
export async function previewPurchase(deps: BillingDeps, viewer: Viewer, input: PurchaseRequest): Promise<QuoteDto> {
  const { quote } = await decidePurchase(deps, viewer, input, toIsoDate(new Date()));
  const { term: _term, ...dto } = quote;
  return dto;
}

export async function purchaseSubscription(
  deps: BillingDeps,
  viewer: Viewer,
  input: PurchaseRequest,
  idempotency: IdempotencyScope | null,
  meta: RequestMeta,
): Promise<StoredAnswer> {
  const now = new Date();
  const { account, plan, quote } = await decidePurchase(deps, viewer, input, toIsoDate(now));
  const card = await cardToChargeOrThrow(deps, account.id, input.paymentMethodId);
  const contacts = await getContactsOrThrow(deps, viewer, account.id);

  const chargeId = await chargeOrThrow(deps.gateway, {
    token: card.gateway_token,
    amount: quote.total,
    key: chargeKey(idempotency, "purchase"),
    description: `${plan.name} × ${input.seats} for ${account.account_number}`,
  });
  try {
    return await change(deps.db, {
      lock: (tx) => lockMoneyAccount(tx, account.id, viewer.id),
      decide: async (tx) => {
        const subscription = await insertSubscription(tx, {
          accountId: account.id,
          planId: plan.id,
          planName: plan.name,
          deployment: input.deployment,
          seats: input.seats,
          currency: quote.currency,
          termStart: quote.term.start,
          termEnd: quote.term.end,
        });
        const invoice = await finaliseInvoice(
          tx,
          deps.seller,
          {
            account,
            contacts,
            subscription,
            kind: "purchase",
            quote,
            card,
            chargeId,
            issuedAt: now,
          },
          { outbox: deps.outbox, baseUrl: deps.config.baseUrl },
        );
        const result: PurchaseResult = {
          subscription: toSubscriptionSummary(subscription),
          invoice: toInvoiceSummary({ ...invoice, subscription_number: subscription.subscription_number }),
        };
        await recordEvent(tx, meta, {
          action: "subscription.purchased",
          subjectType: "subscription",
          subjectId: subscription.id,
          billingAccountId: account.id,
          summary: {
            subscriptionNumber: subscription.subscription_number,
            plan: plan.id,
            deployment: input.deployment,
            seats: input.seats,
            invoiceNumber: invoice.invoice_number,
            total: quote.total,
            card: { brand: card.brand, last4: card.last4 },
          },
        });
        const accountUrl = accountPageUrl(deps.config.baseUrl, account.id, "subscriptions");
        const to = new Set(
          [contacts.subscriptionContact.email, contacts.billingContact.email].filter((e): e is string => Boolean(e)),
        );
        for (const address of to) {
          await deps.outbox.send(
            tx,
            purchaseConfirmationMail(address, {
              subscriptionNumber: subscription.subscription_number,
              planName: plan.name,
              seats: input.seats,
              termEnd: subscription.term_end,
              invoiceNumber: invoice.invoice_number,
              total: quote.total,
              accountUrl,
            }),
          );
        }
        await sendLicenseMail(tx, deps, { contacts, subscription, reason: "purchase" }); // S3
        const answer = { status: 201, body: result };
        await idempotency?.finish(tx, answer);
        return answer;
      },
    });
  } catch (error) {
    // Nothing was written: give the money back. (A crash here leaves the charge for the retry,
    // which reaches it again through the same gateway key.)
    if (error instanceof AppError) await deps.gateway.refund(chargeId);
    throw error;
  }
}
