// Test data for subscriptions in use (S1–S4): bought through the API like a person would; a
// reseller's subscription is one whose account and invoice owner are then set to the reseller,
// as staff record reseller orders (R3).
import { expect } from "vitest";
import type { TestApp } from "../setup/test-app.js";
import type { TestUser } from "./accounts.js";
import { addCard, makeReseller, purchaseBody } from "./billing.js";

let keys = 0;

export type Deployment = "saas" | "self_managed";

/** Buys a 3-seat Premium subscription on the account (adding a card first if it has none). */
export async function buySubscription(
  owner: TestUser,
  accountId: string,
  deployment: Deployment,
): Promise<{ id: string; subscriptionNumber: string; activationCode: string | null }> {
  const cards = await owner.client.get(`/api/v1/billing-accounts/${accountId}/payment-methods`);
  if (cards.json().paymentMethods.length === 0) await addCard(owner.client, accountId);
  const res = await owner.client.post("/api/v1/purchases", purchaseBody(accountId, { deployment }), {
    "idempotency-key": `subscription-${Date.now()}-${++keys}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().subscription;
}

/** Makes the account a reseller's, and its subscriptions invoiced by the reseller (R1). */
export async function resellerOwned(t: TestApp, accountId: string, resellerName = "Partner Reseller Inc.") {
  await makeReseller(t, accountId, resellerName);
  await t.db
    .updateTable("subscriptions")
    .set({ invoice_owner: "reseller", reseller_name: resellerName })
    .where("billing_account_id", "=", accountId)
    .execute();
}

/** The subscription's row as the database holds it (for "nothing changed" comparisons). */
export function subscriptionRow(t: TestApp, id: string) {
  return t.db.selectFrom("subscriptions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

export async function activationCodeOf(t: TestApp, id: string): Promise<string> {
  const row = await subscriptionRow(t, id);
  if (!row.activation_code) throw new Error("not a self-managed subscription");
  return row.activation_code;
}
