// Test data for money: cards are added the way the browser does it — the number goes to the
// sandbox gateway's tokenisation endpoint, and only the token to Billfold's API (B1).
import { expect } from "vitest";
import type { TestClient } from "../setup/http-client.js";
import type { TestApp } from "../setup/test-app.js";

export const CARDS = {
  visa: "4242424242424242",
  mastercard: "5555555555554444",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  expired: "4000000000000069",
  stolen: "4000000000009979",
  declineAfterFirst: "4000000000000341",
} as const;

export async function tokenise(client: TestClient, number: string): Promise<string> {
  const res = await client.post("/sandbox-gateway/v1/tokens", {
    number,
    expMonth: 12,
    expYear: new Date().getUTCFullYear() + 3,
    cvc: "123",
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token;
}

export async function addCard(
  client: TestClient,
  accountId: string,
  number: string = CARDS.visa,
): Promise<{ id: string; isDefault: boolean; last4: string }> {
  const token = await tokenise(client, number);
  const res = await client.post(`/api/v1/billing-accounts/${accountId}/payment-methods`, {
    token,
    holderName: "Olive Owner",
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function makeReseller(
  t: TestApp,
  accountId: string,
  resellerName = "Partner Reseller Inc.",
): Promise<void> {
  await t.db
    .updateTable("billing_accounts")
    .set({ channel: "reseller", reseller_name: resellerName })
    .where("id", "=", accountId)
    .execute();
}

export const purchaseBody = (accountId: string, extra: Record<string, unknown> = {}) => ({
  billingAccountId: accountId,
  planId: "premium",
  deployment: "saas",
  seats: 3,
  ...extra,
});
