// R2 with I6, A4, A5: under RESELLER_CUSTOMER_LOGIN=disabled (the older handbook) a profile whose
// only billing account is a reseller account is created with login deactivated — by accepting an
// invitation too — yet still becomes a manager; whoever proves the address is told to contact the
// reseller by name, and the sign-in link request answers everyone the same (I2). Under read_only
// (the default) nothing changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, createAccount, inviteWithLink, managerIds } from "../../factories/accounts.js";
import { makeReseller } from "../../factories/billing.js";
import { signedInUser, tokenFrom, uniqueEmail } from "../../factories/users.js";
import type { TestClient } from "../../setup/http-client.js";
import { eventActions } from "../../setup/inspect.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

const RESELLER = "Partner Reseller Inc.";

/** An account on the reseller channel, with its owner, and a token to invite `email` to it. */
async function resellerInvitation(t: TestApp, email: string, reseller = RESELLER) {
  const { account, owner } = await accountWithManagers(t, 0);
  await makeReseller(t, account.id, reseller);
  const { token } = await inviteWithLink(t, owner, account.id, email);
  return { account, owner, token };
}

/** Requests a sign-in link for `email` and returns the mail it gets. */
async function linkRequestMail(t: TestApp, email: string, client: TestClient = t.client()) {
  const before = t.smtp.messages.length;
  const res = await client.post("/api/v1/auth/sign-in-link", { email });
  const mail = await t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= before && m.to === email);
  return { res, mail };
}

function userRow(t: TestApp, email: string) {
  return t.db
    .selectFrom("users")
    .select(["id", "login_activated", "email_confirmed_at"])
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
}

describe("R2 RESELLER_CUSTOMER_LOGIN=disabled", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RESELLER_CUSTOMER_LOGIN: "disabled" } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("R2/I6: a new profile by invitation to a reseller account is a manager with login deactivated, not signed in, told to contact the reseller", async () => {
    const email = uniqueEmail("customer");
    // A sign-up link asked for before the invitation was accepted: redeeming it later must not sign in.
    const { mail: signUpMail } = await linkRequestMail(t, email);
    const signUpToken = tokenFrom(t.smtp.linkIn(signUpMail, "/sign-in/"));
    const { account, owner, token } = await resellerInvitation(t, email);

    // What the invitation page is told before accepting.
    const preview = await t.client().get(`/api/v1/invitations/token/${token}`);
    expect(preview.json()).toMatchObject({ hasProfile: false, loginNotActivatedOnAccept: { resellerName: RESELLER } });

    const browser = t.client();
    const res = await browser.post("/api/v1/invitations/accept", { token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      billingAccountId: account.id,
      profileCreated: true,
      loginNotActivated: {
        resellerName: RESELLER,
        message: expect.stringContaining(`Contact your reseller ${RESELLER}`),
      },
    });
    expect(res.json().loginNotActivated.message).toMatch(/^Sign-in is not activated/);
    // I6: no session.
    expect(res.cookies.find((c) => c.name === "billfold_session")).toBeUndefined();
    expect((await browser.get("/api/v1/me")).statusCode).toBe(401);

    // A5: the account did not lose its new manager; the inviter is told as usual.
    const user = await userRow(t, email);
    expect(user.login_activated).toBe(false);
    expect(user.email_confirmed_at).not.toBeNull();
    expect(await managerIds(t, account.id)).toEqual([owner.id, user.id].sort());
    await t.smtp.waitForMail((m) => m.to === owner.email && /is now a manager/.test(m.subject));

    // AU1: why the login is deactivated, in the account's activity too.
    expect(await eventActions(t.db, user.id)).toEqual(["auth.signed_up", "user.login_deactivated"]);
    const deactivated = await t.db
      .selectFrom("events")
      .select(["actor_type", "billing_account_id", "summary"])
      .where("subject_id", "=", user.id)
      .where("action", "=", "user.login_deactivated")
      .executeTakeFirstOrThrow();
    expect(deactivated).toMatchObject({
      actor_type: "system",
      billing_account_id: account.id,
      summary: { reason: "reseller_customer_login_disabled", resellerName: RESELLER },
    });
    const activity = await owner.client.get(`/api/v1/billing-accounts/${account.id}/events`);
    expect(activity.statusCode).toBe(200);
    expect(JSON.stringify(activity.json())).toContain("user.login_deactivated");

    // I6: the link asked for earlier refuses, naming the reseller (redeeming proves the address).
    const redeem = await t.client().post("/api/v1/auth/sign-in-link/redeem", { token: signUpToken });
    expect(redeem.statusCode).toBe(403);
    expect(redeem.json().error).toMatchObject({
      code: "login_deactivated",
      message: expect.stringContaining(`Contact your reseller ${RESELLER}`),
      details: { resellerNames: [RESELLER] },
    });
    expect(redeem.cookies.find((c) => c.name === "billfold_session")).toBeUndefined();

    // I2: a new link request answers like any other; only the mail (to the address) says why.
    const { res: request, mail } = await linkRequestMail(t, email);
    const { res: unknown } = await linkRequestMail(t, uniqueEmail("nobody"));
    expect([request.statusCode, request.json()]).toEqual([unknown.statusCode, unknown.json()]);
    expect(mail.text).toContain(`Contact your reseller ${RESELLER}`);
    expect(mail.text).not.toContain("/sign-in/");
  });

  it("R2: a deactivated user with a direct account too gets the generic words, never a reseller's name", async () => {
    const email = uniqueEmail("mixed");
    const { token } = await resellerInvitation(t, email, "Hidden Reseller Ltd");
    expect((await t.client().post("/api/v1/invitations/accept", { token })).json().loginNotActivated).toBeDefined();
    const user = await userRow(t, email);
    // The customer also manages a direct account (staff added them, say).
    const direct = await accountWithManagers(t, 0);
    await t.db
      .insertInto("billing_account_managers")
      .values({ billing_account_id: direct.account.id, user_id: user.id, source: "staff" })
      .execute();

    const { mail } = await linkRequestMail(t, email);
    expect(mail.text).toMatch(/If you bought through a reseller, contact your reseller/);
    expect(mail.text).not.toContain("Hidden Reseller");
  });

  it("R2: an invitation to a direct account signs the new profile in as usual", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const email = uniqueEmail("direct");
    const { token } = await inviteWithLink(t, owner, account.id, email);
    expect((await t.client().get(`/api/v1/invitations/token/${token}`)).json()).not.toHaveProperty(
      "loginNotActivatedOnAccept",
    );
    const browser = t.client();
    const res = await browser.post("/api/v1/invitations/accept", { token });
    expect(res.json()).toEqual({ billingAccountId: account.id, profileCreated: true });
    expect((await browser.get("/api/v1/me")).statusCode).toBe(200);
    expect((await userRow(t, email)).login_activated).toBe(true);
  });

  it("R2: an existing user with a direct account who accepts a reseller invitation keeps their login", async () => {
    const existing = await signedInUser(t);
    await createAccount(existing.client);
    const { account, owner } = await accountWithManagers(t, 0);
    await makeReseller(t, account.id);
    const { token } = await inviteWithLink(t, owner, account.id, existing.email);
    // The address has a profile: nothing to warn about.
    expect((await existing.client.get(`/api/v1/invitations/token/${token}`)).json()).not.toHaveProperty(
      "loginNotActivatedOnAccept",
    );

    const res = await existing.client.post("/api/v1/invitations/accept", { token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ billingAccountId: account.id, profileCreated: false });
    expect((await existing.client.get("/api/v1/me")).statusCode).toBe(200);
    expect((await userRow(t, existing.email)).login_activated).toBe(true);
    expect(await managerIds(t, account.id)).toEqual([owner.id, existing.id].sort());
  });

  it("R2: a refused acceptance (expired invitation) creates no profile", async () => {
    const email = uniqueEmail("late");
    const { account, token } = await resellerInvitation(t, email);
    await t.db
      .updateTable("billing_account_invitations")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("billing_account_id", "=", account.id)
      .execute();
    const res = await t.client().post("/api/v1/invitations/accept", { token });
    expect(res.statusCode).toBe(410);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()).toBeUndefined();
  });
});

describe("R2 RESELLER_CUSTOMER_LOGIN=read_only (the default)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("R2: a new profile by invitation to a reseller account is signed in and a manager", async () => {
    const email = uniqueEmail("customer");
    const { account, owner, token } = await resellerInvitation(t, email);
    expect((await t.client().get(`/api/v1/invitations/token/${token}`)).json()).not.toHaveProperty(
      "loginNotActivatedOnAccept",
    );
    const browser = t.client();
    const res = await browser.post("/api/v1/invitations/accept", { token });
    expect(res.json()).toEqual({ billingAccountId: account.id, profileCreated: true });
    expect(res.cookies.find((c) => c.name === "billfold_session")).toBeDefined();
    const me = await browser.get("/api/v1/me");
    expect(me.statusCode).toBe(200);
    expect(await managerIds(t, account.id)).toEqual([owner.id, me.json().id].sort());
    expect((await browser.get(`/api/v1/billing-accounts/${account.id}`)).statusCode).toBe(200);
    expect(await eventActions(t.db, me.json().id)).not.toContain("user.login_deactivated");
  });
});
