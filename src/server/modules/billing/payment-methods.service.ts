// B1, B2: cards on file. Billfold receives the gateway's token, asks the gateway what it stands
// for (brand, last four, expiry) and keeps that; never a number or CVC. Exactly one default card
// while there are any: the first card becomes it in the same transaction, a partial unique index
// holds it under concurrency, and the default cannot be removed while others exist.

import type { AddPaymentMethod, PaymentMethod, UpdatePaymentMethod } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import type { IdempotencyScope } from "../../app/idempotent.js";
import { change } from "../../platform/change/change.js";
import { pgConstraint, pgErrorCode } from "../../platform/db/transaction.js";
import { AppError } from "../../platform/errors.js";
import type { Viewer } from "../accounts/index.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import type { BillingDeps } from "./billing.deps.js";
import { lockMoneyAccount, readMoneyAccountFor } from "./billing-access.js";
import { isExpired } from "./card-expiry.js";
import {
  deletePaymentMethod,
  findPaymentMethod,
  insertPaymentMethod,
  listPaymentMethods,
  makeDefault,
  type PaymentMethodRow,
  updatePaymentMethod,
} from "./payment-methods.repository.js";
import { runRenewals } from "./renewals.service.js";
import { toIsoDate } from "./term.js";

export const paymentMethodNotFound = () =>
  new AppError("not_found", ERROR_CODES.paymentMethodNotFound, "There is no such card on this billing account.");

export function toPaymentMethod(row: PaymentMethodRow, now = new Date()): PaymentMethod {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    holderName: row.holder_name,
    isDefault: row.is_default,
    expired: isExpired(row, now),
    createdAt: row.created_at.toISOString(),
  };
}

const cardSummary = (row: PaymentMethodRow) => ({
  paymentMethodId: row.id,
  brand: row.brand,
  last4: row.last4,
  expiry: `${String(row.exp_month).padStart(2, "0")}/${row.exp_year}`,
});

export async function listAccountPaymentMethods(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  accountId: string,
): Promise<PaymentMethod[]> {
  await readMoneyAccountFor(deps, viewer, accountId, "read");
  const rows = await listPaymentMethods(deps.db, accountId);
  return rows.map((row) => toPaymentMethod(row));
}

/**
 * B7: a new default card tries the account's failed renewals again at once. After the card's own
 * change has committed, and never failing it: a failure here is the renewal's, recorded there.
 */
async function retryFailedRenewals(deps: BillingDeps, accountId: string): Promise<void> {
  try {
    await runRenewals(deps, toIsoDate(new Date()), { accountId, retryPastDueNow: true });
  } catch (error) {
    deps.logger?.error({ err: error, accountId }, "retrying failed renewals after a new default card failed");
  }
}

export async function addPaymentMethod(
  deps: BillingDeps,
  viewer: Viewer,
  accountId: string,
  input: AddPaymentMethod,
  meta: RequestMeta,
  idempotency: IdempotencyScope | null = null,
): Promise<PaymentMethod> {
  await readMoneyAccountFor(deps, viewer, accountId, "write");
  // The gateway's word on what the token stands for; a token it does not know is refused.
  const card = await deps.gateway.findCard(input.token);
  if (!card) {
    throw new AppError("invalid", ERROR_CODES.invalidCardToken, "This card could not be found. Enter the card again.", [
      { path: "token", message: "Unknown card token" },
    ]);
  }
  if (isExpired({ exp_month: card.expMonth, exp_year: card.expYear })) {
    throw new AppError(
      "conflict",
      ERROR_CODES.cardExpired,
      "This card has expired. Add a card with a current expiry date.",
    );
  }
  try {
    const row = await change(deps.db, {
      lock: (tx) => lockMoneyAccount(tx, accountId, viewer.id),
      decide: async (tx) => {
        // B2: under the account lock, so two first cards added at once cannot both become default.
        const hasDefault = (await listPaymentMethods(tx, accountId)).some((pm) => pm.is_default);
        const added = await insertPaymentMethod(tx, {
          accountId,
          token: card.token,
          brand: card.brand,
          last4: card.last4,
          expMonth: card.expMonth,
          expYear: card.expYear,
          holderName: input.holderName,
          isDefault: !hasDefault,
        });
        await recordEvent(tx, meta, {
          action: "billing_account.payment_method_added",
          subjectType: "payment_method",
          subjectId: added.id,
          billingAccountId: accountId,
          summary: { ...cardSummary(added), isDefault: added.is_default },
        });
        // B5: the answer a retry with the same Idempotency-Key gets, committed with the card.
        await idempotency?.finish(tx, { status: 201, body: toPaymentMethod(added) });
        return added;
      },
    });
    if (row.is_default) await retryFailedRenewals(deps, accountId);
    return toPaymentMethod(row);
  } catch (error) {
    // The token was attached to a card on file already (this account's or another's).
    if (pgErrorCode(error) === "23505" && pgConstraint(error) === "payment_methods_gateway_gateway_token_key") {
      throw new AppError(
        "conflict",
        ERROR_CODES.cardTokenUsed,
        "This card was already added. Enter the card again to add it.",
      );
    }
    throw error;
  }
}

export async function changePaymentMethod(
  deps: BillingDeps,
  viewer: Viewer,
  accountId: string,
  paymentMethodId: string,
  input: UpdatePaymentMethod,
  meta: RequestMeta,
): Promise<PaymentMethod> {
  await readMoneyAccountFor(deps, viewer, accountId, "write");
  const row = await change(deps.db, {
    lock: (tx) => lockMoneyAccount(tx, accountId, viewer.id),
    decide: async (tx) => {
      const before = await findPaymentMethod(tx, accountId, paymentMethodId);
      if (!before) throw paymentMethodNotFound();
      const set: { holder_name?: string; exp_month?: number; exp_year?: number } = {};
      if (input.holderName !== undefined && input.holderName !== before.holder_name) set.holder_name = input.holderName;
      if (input.expMonth !== undefined && input.expYear !== undefined) {
        if (isExpired({ exp_month: input.expMonth, exp_year: input.expYear })) {
          throw new AppError("invalid", ERROR_CODES.invalidExpiry, "The expiry date is in the past.", [
            { path: "expYear", message: "In the past" },
          ]);
        }
        if (input.expMonth !== before.exp_month) set.exp_month = input.expMonth;
        if (input.expYear !== before.exp_year) set.exp_year = input.expYear;
      }
      const becomesDefault = input.isDefault === true && !before.is_default;
      if (Object.keys(set).length === 0 && !becomesDefault) return before;
      let after = Object.keys(set).length > 0 ? await updatePaymentMethod(tx, before.id, set) : before;
      if (becomesDefault) {
        await makeDefault(tx, accountId, before.id);
        after = { ...after, is_default: true };
      }
      await recordEvent(tx, meta, {
        action: becomesDefault
          ? "billing_account.default_payment_method_changed"
          : "billing_account.payment_method_updated",
        subjectType: "payment_method",
        subjectId: before.id,
        billingAccountId: accountId,
        summary: { ...cardSummary(after), changed: [...Object.keys(set), ...(becomesDefault ? ["is_default"] : [])] },
      });
      return after;
    },
  });
  if (input.isDefault === true) await retryFailedRenewals(deps, accountId);
  return toPaymentMethod(row);
}

export async function removePaymentMethod(
  deps: Pick<BillingDeps, "db">,
  viewer: Viewer,
  accountId: string,
  paymentMethodId: string,
  meta: RequestMeta,
): Promise<void> {
  await readMoneyAccountFor(deps, viewer, accountId, "write");
  await change(deps.db, {
    lock: (tx) => lockMoneyAccount(tx, accountId, viewer.id),
    decide: async (tx) => {
      const cards = await listPaymentMethods(tx, accountId);
      const card = cards.find((pm) => pm.id === paymentMethodId);
      if (!card) throw paymentMethodNotFound();
      if (card.is_default && cards.length > 1) {
        throw new AppError(
          "conflict",
          ERROR_CODES.defaultPaymentMethod,
          "This is the default card. Make another card the default before removing it.",
        );
      }
      await deletePaymentMethod(tx, card.id);
      await recordEvent(tx, meta, {
        action: "billing_account.payment_method_removed",
        subjectType: "payment_method",
        subjectId: card.id,
        billingAccountId: accountId,
        summary: cardSummary(card),
      });
    },
  });
}
