// The built-in sandbox card processor (PAYMENT_GATEWAY=sandbox). It keeps its own records in its
// own tables, each operation committed on its own as an outside processor's would be: Billfold's
// transactions never include it. Cards are known by token and test behaviour, never by number.
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import { inTransaction } from "../db/transaction.js";
import type { CardSummary, ChargeRequest, ChargeResult, DeclineCode, PaymentGateway } from "./gateway.js";
import { brandOf, passesLuhn, SANDBOX_TEST_CARDS, type SandboxBehaviour } from "./sandbox-cards.js";

export type CardInput = { number: string; expMonth: number; expYear: number; cvc: string };

export class CardRefused extends Error {
  constructor(
    readonly code: "invalid_number" | "invalid_expiry" | "invalid_cvc",
    message: string,
  ) {
    super(message);
  }
}

const id = (prefix: string) => `${prefix}_${randomBytes(16).toString("base64url")}`;

function declineOf(behaviour: SandboxBehaviour, previousCharges: number): DeclineCode | null {
  switch (behaviour) {
    case "succeed":
      return null;
    case "decline":
      return "card_declined";
    case "insufficient_funds":
      return "insufficient_funds";
    case "expired":
      return "expired_card";
    case "stolen":
      return "stolen_card";
    case "decline_after_first":
      return previousCharges === 0 ? null : "card_declined";
  }
}

export type SandboxGateway = PaymentGateway & {
  /** What the sandbox's tokenisation endpoint does with a card number (the browser calls it). */
  tokenise(card: CardInput, now?: Date): Promise<CardSummary>;
};

export function createSandboxGateway(db: Db): SandboxGateway {
  return {
    name: "sandbox",

    async tokenise(card, now = new Date()) {
      const digits = card.number.replace(/[\s-]/g, "");
      if (!passesLuhn(digits)) throw new CardRefused("invalid_number", "The card number is not valid.");
      const endOfExpiryMonth = Date.UTC(card.expYear, card.expMonth, 1);
      if (!(card.expMonth >= 1 && card.expMonth <= 12) || endOfExpiryMonth <= now.getTime()) {
        throw new CardRefused("invalid_expiry", "The expiry date is in the past.");
      }
      if (!/^\d{3,4}$/.test(card.cvc)) throw new CardRefused("invalid_cvc", "The security code is not valid.");
      const summary: CardSummary = {
        token: id("tok"),
        brand: brandOf(digits),
        last4: digits.slice(-4),
        expMonth: card.expMonth,
        expYear: card.expYear,
      };
      await db
        .insertInto("sandbox_gateway_cards")
        .values({
          token: summary.token,
          brand: summary.brand,
          last4: summary.last4,
          exp_month: summary.expMonth,
          exp_year: summary.expYear,
          behaviour: SANDBOX_TEST_CARDS[digits]?.behaviour ?? "succeed",
        })
        .execute();
      return summary;
    },

    async findCard(token) {
      const row = await db
        .selectFrom("sandbox_gateway_cards")
        .select(["token", "brand", "last4", "exp_month", "exp_year"])
        .where("token", "=", token)
        .executeTakeFirst();
      return row
        ? { token: row.token, brand: row.brand, last4: row.last4, expMonth: row.exp_month, expYear: row.exp_year }
        : null;
    },

    async charge(request: ChargeRequest): Promise<ChargeResult> {
      // The processor's own transaction: the card row is locked so its charge count is exact, and
      // a key seen before answers its first result without charging again.
      return inTransaction(db, async (tx) => {
        const card = await tx
          .selectFrom("sandbox_gateway_cards")
          .select(["behaviour", "charges"])
          .where("token", "=", request.token)
          .forUpdate()
          .executeTakeFirst();
        const earlier = await tx
          .selectFrom("sandbox_gateway_charges")
          .select(["id", "token", "amount_minor", "currency", "outcome", "decline_code"])
          .where("idempotency_key", "=", request.idempotencyKey)
          .executeTakeFirst();
        if (earlier) {
          if (
            earlier.token !== request.token ||
            Number(earlier.amount_minor) !== request.amount.amountMinor ||
            earlier.currency !== request.amount.currency
          ) {
            throw new Error("sandbox gateway: idempotency key reused for a different charge");
          }
          return earlier.outcome === "succeeded"
            ? { outcome: "succeeded", chargeId: earlier.id }
            : { outcome: "declined", chargeId: earlier.id, declineCode: earlier.decline_code as DeclineCode };
        }
        if (!card) throw new Error("sandbox gateway: unknown card token");
        const decline = declineOf(card.behaviour as SandboxBehaviour, card.charges);
        const chargeId = id("ch");
        await tx
          .insertInto("sandbox_gateway_charges")
          .values({
            id: chargeId,
            idempotency_key: request.idempotencyKey,
            token: request.token,
            amount_minor: request.amount.amountMinor,
            currency: request.amount.currency,
            outcome: decline ? "declined" : "succeeded",
            decline_code: decline,
          })
          .execute();
        await tx
          .updateTable("sandbox_gateway_cards")
          .set((eb) => ({ charges: eb("charges", "+", 1) }))
          .where("token", "=", request.token)
          .execute();
        return decline ? { outcome: "declined", chargeId, declineCode: decline } : { outcome: "succeeded", chargeId };
      });
    },

    async refund(chargeId) {
      await db.updateTable("sandbox_gateway_charges").set({ refunded: true }).where("id", "=", chargeId).execute();
    },
  };
}
