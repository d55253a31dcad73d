// Test data for billing accounts: made through the HTTP API like a person would, so the rules
// (A1–A8) apply to test data too.
import { expect } from "vitest";
import type { TestClient } from "../setup/http-client.js";
import type { TestApp } from "../setup/test-app.js";
import { signedInUser, tokenFrom, uniqueEmail } from "./users.js";

export const ADDRESS = { line1: "1 Main Street", city: "Berlin", postalCode: "10115", country: "DE" } as const;

export type TestUser = { id: string; email: string; client: TestClient };

export async function createAccount(
  client: TestClient,
  body: Record<string, unknown> = {},
): Promise<{ id: string; accountNumber: string; companyName: string }> {
  const res = await client.post("/api/v1/billing-accounts", { companyName: "Acme GmbH", address: ADDRESS, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Invites `email` to the account as `inviter`; returns the invitation id. */
export async function invite(inviter: TestClient, accountId: string, email: string): Promise<string> {
  const res = await inviter.post(`/api/v1/billing-accounts/${accountId}/invitations`, { email });
  expect([200, 201], res.body).toContain(res.statusCode);
  return res.json().id;
}

/** A new signed-in user who became a manager of the account through an accepted invitation. */
export async function addManager(
  t: TestApp,
  inviter: TestClient,
  accountId: string,
  options: { email?: string; firstName?: string; lastName?: string } = {},
): Promise<TestUser> {
  const user = await signedInUser(t, { email: options.email ?? uniqueEmail("manager"), ...options });
  const invitationId = await invite(inviter, accountId, user.email);
  const res = await user.client.post(`/api/v1/invitations/${invitationId}/accept`);
  expect(res.statusCode, res.body).toBe(200);
  return user;
}

/** An account with an owner (its creator) and optionally more managers. */
export async function accountWithManagers(
  t: TestApp,
  extraManagers = 0,
  ownerName = { firstName: "Olive", lastName: "Owner" },
) {
  const owner = await signedInUser(t, { email: uniqueEmail("owner"), ...ownerName });
  const account = await createAccount(owner.client);
  const others: TestUser[] = [];
  for (let i = 0; i < extraManagers; i++) others.push(await addManager(t, owner.client, account.id));
  return { account, owner, others };
}

export async function managerIds(t: TestApp, accountId: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom("billing_account_managers")
    .select("user_id")
    .where("billing_account_id", "=", accountId)
    .execute();
  return rows.map((r) => r.user_id).sort();
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Invites `email` and returns the invitation id, the email and the token from its link. */
export async function inviteWithLink(t: TestApp, inviter: TestUser, accountId: string, email: string) {
  const before = t.smtp.messages.length;
  const id = await invite(inviter.client, accountId, email);
  const mail = await t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= before && sameAddress(m.to, email));
  const link = t.smtp.linkIn(mail, "/invitations/");
  return { id, mail, link, token: tokenFrom(link) };
}

export function invitationRow(t: TestApp, id: string) {
  return t.db
    .selectFrom("billing_account_invitations")
    .select(["state", "token_hash", "expires_at", "accepted_by_user_id", "email"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** Moves the invitation's expiry into the past, as if 7 days had gone by. */
export async function expireInvitation(t: TestApp, id: string): Promise<void> {
  await t.db
    .updateTable("billing_account_invitations")
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where("id", "=", id)
    .execute();
}
