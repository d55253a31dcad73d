// B1: the card processor behind one interface. Billfold never sees a card number: the browser
// sends it to the gateway's own tokenisation endpoint and Billfold's API receives the token.
// The built-in sandbox (sandbox.ts) is the default; a real processor plugs in here.
/** An amount in integer minor units of its ISO 4217 currency (B4). */
export type Money = { amountMinor: number; currency: string };

/** What the gateway tells Billfold about a tokenised card: enough to recognise it, never to use it. */
export type CardSummary = { token: string; brand: string; last4: string; expMonth: number; expYear: number };

/**
 * Why a charge was refused. Hard declines (the card is stolen, lost or closed) will not succeed if
 * tried again; soft ones (funds, a generic refusal) may (B7: only soft declines are retried).
 */
export type DeclineCode = "card_declined" | "insufficient_funds" | "expired_card" | "stolen_card" | "processing_error";

export const HARD_DECLINES: ReadonlySet<DeclineCode> = new Set(["stolen_card", "expired_card"]);

export type ChargeResult =
  | { outcome: "succeeded"; chargeId: string }
  | { outcome: "declined"; chargeId: string; declineCode: DeclineCode };

export type ChargeRequest = {
  token: string;
  amount: Money;
  /**
   * The gateway runs a charge once per key: asked again with the same key, it answers the first
   * result without charging (B5: a retry after a crash between charge and commit charges once).
   */
  idempotencyKey: string;
  description: string;
};

export type PaymentGateway = {
  readonly name: "sandbox";
  /** The card a token stands for, or null for a token the gateway does not know. */
  findCard(token: string): Promise<CardSummary | null>;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(chargeId: string): Promise<void>;
};

/** B7 and the purchase page: a decline in words a customer can act on. */
export const DECLINE_MESSAGES: Record<DeclineCode, string> = {
  card_declined: "The card was declined. Try another card or ask your bank why.",
  insufficient_funds: "The card has insufficient funds. Try another card.",
  expired_card: "The card has expired. Add a card with a current expiry date.",
  stolen_card: "The card was declined. Use another card.",
  processing_error: "The card could not be charged because of a processing error. Try again in a moment.",
};
