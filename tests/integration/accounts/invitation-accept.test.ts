// A4, A5: accepting and declining invitations (by id when signed in, or with the emailed token).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountWithManagers,
  expireInvitation,
  invitationRow,
  invite,
  inviteWithLink,
  managerIds,
} from "../../factories/accounts.js";
import { signedInUser, signInByLink, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("A4/A5: accepting", () => {
  it("a person with no profile accepts in one step: profile (confirmed), session, manager; inviter emailed", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const email = uniqueEmail("newcomer");
    const { token } = await inviteWithLink(t, owner, account.id, email);

    const page = await t.client().get(`/api/v1/invitations/token/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toEqual({
      companyName: "Acme GmbH",
      invitedBy: { name: "Olive Owner", email: owner.email },
      email,
      state: "pending",
      expiresAt: expect.any(String),
      hasProfile: false,
      needsSignIn: false,
      signedInAsOther: false,
    });

    const browser = t.client();
    const res = await browser.post("/api/v1/invitations/accept", { token });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ billingAccountId: account.id, profileCreated: true });
    expect(res.cookies.find((c) => c.name === "billfold_session")).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    const me = (await browser.get("/api/v1/me")).json();
    expect(me).toMatchObject({ email, emailConfirmed: true });
    expect(await managerIds(t, account.id)).toEqual([owner.id, me.id].sort());
    expect((await browser.get(`/api/v1/billing-accounts/${account.id}`)).statusCode).toBe(200);

    const notice = await t.smtp.waitForMail((m) => m.to === owner.email && /is now a manager/.test(m.subject));
    expect(notice.text).toContain(email);
    expect(notice.text).toContain(`${t.baseUrl}/billing-accounts/${account.id}`);
    const actions = (
      await t.db.selectFrom("events").select("action").where("actor_id", "=", me.id).orderBy("id").execute()
    ).map((e) => e.action);
    expect(actions).toEqual(["auth.signed_up", "billing_account.invitation_accepted"]);
  });

  it("a person with a profile must sign in as that address first (401), then accepts with the link", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const existing = await signedInUser(t);
    const { token } = await inviteWithLink(t, owner, account.id, existing.email);

    const anonymous = t.client();
    const page = (await anonymous.get(`/api/v1/invitations/token/${token}`)).json();
    expect(page).toMatchObject({ hasProfile: true, needsSignIn: true, signedInAsOther: false });
    const refused = await anonymous.post("/api/v1/invitations/accept", { token });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("sign_in_required");
    expect((await invitationRow(t, await pendingId(account.id))).state).toBe("pending");

    await signInByLink(t, existing.email, anonymous);
    expect((await anonymous.get(`/api/v1/invitations/token/${token}`)).json()).toMatchObject({ needsSignIn: false });
    const accepted = await anonymous.post("/api/v1/invitations/accept", { token });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ billingAccountId: account.id, profileCreated: false });
    expect(await managerIds(t, account.id)).toEqual([owner.id, existing.id].sort());
  });

  it("matches the invited address case-insensitively: Colleague@Example.com → colleague@example.com (A5)", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const local = `colleague-${Math.random().toString(16).slice(2, 10)}`;
    const colleague = await signedInUser(t, { email: `${local}@example.com` });
    const id = await invite(owner.client, account.id, `${local[0]!.toUpperCase()}${local.slice(1)}@Example.com`);
    const mine = (await colleague.client.get("/api/v1/invitations")).json().invitations;
    expect(mine).toEqual([
      expect.objectContaining({ id, companyName: "Acme GmbH", state: "pending", invitedBy: expect.any(Object) }),
    ]);
    const res = await colleague.client.post(`/api/v1/invitations/${id}/accept`);
    expect(res.statusCode).toBe(200);
    expect(await managerIds(t, account.id)).toContain(colleague.id);
    expect((await colleague.client.get("/api/v1/invitations")).json().invitations).toEqual([]);
  });

  it("a signed-in user with another address gets 403 not_invitee and the invitation stays pending (A5)", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const intruder = await signedInUser(t);
    const { id, token } = await inviteWithLink(t, owner, account.id, uniqueEmail("target"));
    for (const res of [
      await intruder.client.post(`/api/v1/invitations/${id}/accept`),
      await intruder.client.post(`/api/v1/invitations/${id}/decline`),
      await intruder.client.post("/api/v1/invitations/accept", { token }),
      await intruder.client.post("/api/v1/invitations/decline", { token }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("not_invitee");
    }
    expect((await intruder.client.get(`/api/v1/invitations/token/${token}`)).json()).toMatchObject({
      signedInAsOther: true,
    });
    expect((await invitationRow(t, id)).state).toBe("pending");
    expect(await managerIds(t, account.id)).toEqual([owner.id]);
  });

  it("accepting twice makes one membership; the second answers 410 invitation_used (A5)", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const invitee = await signedInUser(t);
    const id = await invite(owner.client, account.id, invitee.email);
    expect((await invitee.client.post(`/api/v1/invitations/${id}/accept`)).statusCode).toBe(200);
    const again = await invitee.client.post(`/api/v1/invitations/${id}/accept`);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe("invitation_used");
    expect(await managerIds(t, account.id)).toEqual([owner.id, invitee.id].sort());
  });

  it("concurrent accepts (signed in, by id and by link) make one membership (A5)", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const invitee = await signedInUser(t);
    const { id, token } = await inviteWithLink(t, owner, account.id, invitee.email);
    const results = await Promise.all([
      invitee.client.post(`/api/v1/invitations/${id}/accept`),
      invitee.client.post(`/api/v1/invitations/${id}/accept`),
      invitee.client.post("/api/v1/invitations/accept", { token }),
      invitee.client.post("/api/v1/invitations/accept", { token }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410, 410, 410]);
    expect(await managerIds(t, account.id)).toEqual([owner.id, invitee.id].sort());
    expect((await invitationRow(t, id)).accepted_by_user_id).toBe(invitee.id);
  });

  it("concurrent one-step accepts by a person with no profile make one profile and one membership", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const email = uniqueEmail("race");
    const { token } = await inviteWithLink(t, owner, account.id, email);
    const results = await Promise.all([1, 2, 3].map(() => t.client().post("/api/v1/invitations/accept", { token })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410, 410]);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect(await managerIds(t, account.id)).toHaveLength(2);
  });

  it("expiry is checked at accept time: 410 invitation_expired; the page says expired (A4)", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const invitee = await signedInUser(t);
    const { id, token } = await inviteWithLink(t, owner, account.id, invitee.email);
    await expireInvitation(t, id);
    const byId = await invitee.client.post(`/api/v1/invitations/${id}/accept`);
    expect(byId.statusCode).toBe(410);
    expect(byId.json().error.code).toBe("invitation_expired");
    const byLink = await t.client().post("/api/v1/invitations/accept", { token });
    expect(byLink.json().error.code).toBe("invitation_expired");
    expect((await t.client().get(`/api/v1/invitations/token/${token}`)).json()).toMatchObject({ state: "expired" });
    expect((await invitee.client.get("/api/v1/invitations")).json().invitations[0].state).toBe("expired");
    expect(await managerIds(t, account.id)).toEqual([owner.id]);
  });
});

describe("A5: declining", () => {
  it("the invitee declines; the invitation then answers 410 invitation_declined", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const invitee = await signedInUser(t);
    const id = await invite(owner.client, account.id, invitee.email);
    expect((await invitee.client.post(`/api/v1/invitations/${id}/decline`)).statusCode).toBe(204);
    const accept = await invitee.client.post(`/api/v1/invitations/${id}/accept`);
    expect(accept.statusCode).toBe(410);
    expect(accept.json().error.code).toBe("invitation_declined");
    expect(await managerIds(t, account.id)).toEqual([owner.id]);
  });

  it("a person with no profile declines with the link, and no profile is created", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const email = uniqueEmail("nothanks");
    const { id, token } = await inviteWithLink(t, owner, account.id, email);
    expect((await t.client().post("/api/v1/invitations/decline", { token })).statusCode).toBe(204);
    expect((await invitationRow(t, id)).state).toBe("declined");
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
    const page = await t.client().get(`/api/v1/invitations/token/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.json().error.code).toBe("invitation_declined");
    const events = await t.db
      .selectFrom("events")
      .select("action")
      .where("billing_account_id", "=", account.id)
      .where("action", "=", "billing_account.invitation_declined")
      .execute();
    expect(events).toHaveLength(1);
  });

  it("an unknown token answers 410 invitation_link_invalid everywhere", async () => {
    const token = "x".repeat(43);
    expect((await t.client().get(`/api/v1/invitations/token/${token}`)).json().error.code).toBe(
      "invitation_link_invalid",
    );
    expect((await t.client().post("/api/v1/invitations/accept", { token })).statusCode).toBe(410);
    expect((await t.client().post("/api/v1/invitations/decline", { token })).statusCode).toBe(410);
  });
});

async function pendingId(accountId: string): Promise<string> {
  const row = await t.db
    .selectFrom("billing_account_invitations")
    .select("id")
    .where("billing_account_id", "=", accountId)
    .where("state", "=", "pending")
    .executeTakeFirstOrThrow();
  return row.id;
}
