// B5: a card charge runs once per request, outside any transaction and never inside a retried
// function; the gateway's idempotency key makes a retried request reach the same charge.

import { randomUUID } from "node:crypto";
import { ERROR_CODES } from "../../../shared/errors.js";
import type { IdempotencyScope } from "../../app/idempotent.js";
import { AppError } from "../../platform/errors.js";
import { gatewayKey } from "../../platform/idempotency.js";
import {
  DECLINE_MESSAGES,
  type DeclineCode,
  HARD_DECLINES,
  type PaymentGateway,
} from "../../platform/payments/gateway.js";
import type { Money } from "./money.js";

export const paymentFailed = (code: DeclineCode) =>
  new AppError("payment_failed", ERROR_CODES.cardDeclined, DECLINE_MESSAGES[code], {
    declineCode: code,
    retryable: !HARD_DECLINES.has(code),
  });

/** The gateway key of this request's charge: from its Idempotency-Key, or new when it has none. */
export function chargeKey(idempotency: IdempotencyScope | null, purpose: string): string {
  return idempotency ? gatewayKey(idempotency.userId, idempotency.key, purpose) : randomUUID();
}

/** Charges the card, or throws 402 card_declined with the reason. A zero amount is not sent. */
export async function chargeOrThrow(
  gateway: PaymentGateway,
  request: { token: string; amount: Money; key: string; description: string },
): Promise<string> {
  if (request.amount.amountMinor === 0) return `free_${request.key}`;
  const result = await gateway.charge({
    token: request.token,
    amount: request.amount,
    idempotencyKey: request.key,
    description: request.description,
  });
  if (result.outcome === "declined") throw paymentFailed(result.declineCode);
  return result.chargeId;
}
