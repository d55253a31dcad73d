// I9 with I5, I6, I8: signing in with GitLab.com (a real oidc-provider stands in for it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../../src/server/platform/crypto.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { landingOf, oidcTestbed, type Testbed } from "./testbed.js";

let bed: Testbed;
beforeAll(async () => {
  bed = await oidcTestbed();
});
afterAll(async () => {
  await bed?.close();
});

describe("sign in with GitLab.com", () => {
  it("the public config announces it and the start route sends the browser to the provider", async () => {
    const config = await bed.browser().get(`${bed.t.baseUrl}/api/v1/config`);
    expect(await config.json()).toMatchObject({ oidcEnabled: true, oidcLabel: "GitLab.com" });

    const browser = bed.browser();
    const start = await browser.get(`${bed.t.baseUrl}/api/v1/auth/oidc/start`);
    expect(start.status).toBe(302);
    const auth = new URL(start.headers.get("location") ?? "");
    expect(auth.origin).toBe(bed.op.issuer);
    expect(Object.fromEntries(auth.searchParams)).toMatchObject({
      client_id: bed.op.clientId,
      redirect_uri: `${bed.t.baseUrl}/api/v1/auth/oidc/callback`,
      response_type: "code",
      scope: "openid profile email",
      code_challenge_method: "S256",
    });
    expect(auth.searchParams.get("state")).toBeTruthy();
    expect(auth.searchParams.get("nonce")).toBeTruthy();
    expect(auth.searchParams.get("prompt")).toBeNull();

    // The attempt is kept server-side under the hash of the cookie value, never the value itself.
    const cookieHeader = start.headers.getSetCookie().find((c) => c.startsWith("billfold_oidc="));
    expect(cookieHeader).toMatch(/HttpOnly/i);
    expect(cookieHeader).toMatch(/SameSite=Lax/i);
    expect(cookieHeader).toMatch(/Path=\/api\/v1\/auth\/oidc/);
    const value = browser.cookie(bed.t.baseUrl, "billfold_oidc") ?? "";
    const rows = await bed.t.db
      .selectFrom("oidc_login_attempts")
      .select(["key_hash", "state", "purpose", "user_id"])
      .where("key_hash", "=", hashToken(value))
      .execute();
    expect(rows).toEqual([
      { key_hash: hashToken(value), state: auth.searchParams.get("state"), purpose: "sign_in", user_id: null },
    ]);
  });

  it("a first sign-in with a free verified email creates a confirmed profile, links it and signs in (I8, I9)", async () => {
    const account = bed.account({ given_name: "Ada", family_name: "Lovelace" });
    const browser = bed.browser();
    const result = await bed.flow(browser, { loginAs: account.sub });
    expect(landingOf(result)).toBe("/");
    expect(result.landing?.origin).toBe(bed.t.baseUrl);

    const me = await bed.me(browser);
    expect(me).toMatchObject({
      email: account.email,
      emailConfirmed: true,
      firstName: "Ada",
      lastName: "Lovelace",
      identities: [{ provider: "gitlab", username: account.preferred_username }],
    });
    const identity = await bed.t.db
      .selectFrom("user_identities")
      .select(["user_id", "provider", "issuer", "subject", "username", "email"])
      .where("subject", "=", account.sub)
      .executeTakeFirstOrThrow();
    expect(identity).toEqual({
      user_id: me?.id,
      provider: "gitlab",
      issuer: bed.op.issuer,
      subject: account.sub,
      username: account.preferred_username,
      email: account.email,
    });
    const events = await bed.events(me?.id ?? null, ["auth.signed_up", "identity.linked"]);
    expect(events).toEqual([
      { action: "auth.signed_up", summary: { method: "gitlab", username: account.preferred_username } },
      {
        action: "identity.linked",
        summary: { provider: "gitlab", username: account.preferred_username, subject: account.sub },
      },
    ]);
    // The attempt was used up.
    expect(browser.cookie(bed.t.baseUrl, "billfold_oidc")).toBeUndefined();
  });

  it("a returning identity signs in with one click: a new session each time, the old one ended (I5)", async () => {
    const account = bed.account();
    const first = bed.browser();
    await bed.flow(first, { loginAs: account.sub });
    const me = await bed.me(first);
    const firstCookie = first.cookie(bed.t.baseUrl, "billfold_session");

    // Same browser again: the provider remembers the person, no login prompt; the portal rotates the session.
    const again = await bed.flow(first, { returnTo: "/billing-accounts?tab=1" });
    expect(landingOf(again)).toBe("/billing-accounts?tab=1");
    const secondCookie = first.cookie(bed.t.baseUrl, "billfold_session");
    expect(secondCookie).toBeTruthy();
    expect(secondCookie).not.toBe(firstCookie);
    expect((await bed.me(first))?.id).toBe(me?.id);
    expect(await bed.me(bed.browserFor(firstCookie ?? null))).toBeNull();

    // Another browser, signing in at the provider afresh, reaches the same profile (by subject).
    const other = bed.browser();
    await bed.flow(other, { loginAs: account.sub });
    expect((await bed.me(other))?.id).toBe(me?.id);

    const users = await bed.t.db.selectFrom("users").select("id").where("email", "=", account.email!).execute();
    expect(users).toHaveLength(1);
    const signIns = await bed.events(me?.id ?? null, ["auth.signed_in"]);
    expect(signIns).toHaveLength(2);
    expect(signIns[0]?.summary).toMatchObject({ method: "gitlab" });
  });

  it("users are identified by subject, not email: a changed email at the provider still signs in the same profile", async () => {
    const account = bed.account();
    const browser = bed.browser();
    await bed.flow(browser, { loginAs: account.sub });
    const me = await bed.me(browser);
    bed.op.addAccount({
      ...account,
      email: uniqueEmail("moved"),
      preferred_username: `${account.preferred_username}_2`,
    });
    const later = bed.browser();
    await bed.flow(later, { loginAs: account.sub });
    const again = await bed.me(later);
    expect(again?.id).toBe(me?.id);
    expect(again?.email).toBe(account.email);
    // The displayed username follows a rename at the provider.
    expect(again?.identities).toMatchObject([{ username: `${account.preferred_username}_2` }]);
  });

  it("an email that already has a profile is not linked: the person is sent to sign in by link and link from the profile", async () => {
    const existing = await signedInUser(bed.t);
    const account = bed.account({ email: existing.email.toUpperCase() });
    const browser = bed.browser();
    const result = await bed.flow(browser, { loginAs: account.sub });
    expect(landingOf(result)).toBe("/sign-in?oidc_error=email_taken");
    expect(await bed.me(browser)).toBeNull();
    const identities = await bed.t.db
      .selectFrom("user_identities")
      .select("id")
      .where("subject", "=", account.sub)
      .execute();
    expect(identities).toEqual([]);
    const failed = await bed.events(existing.id, ["auth.sign_in_failed"]);
    expect(failed).toEqual([
      { action: "auth.sign_in_failed", summary: expect.objectContaining({ method: "gitlab", reason: "email_taken" }) },
    ]);
  });

  it("an unverified or missing email is refused with an explanation, and no profile is created", async () => {
    for (const overrides of [{ email_verified: false }, { email: undefined, email_verified: undefined }]) {
      const account = bed.account(overrides);
      const browser = bed.browser();
      const result = await bed.flow(browser, { loginAs: account.sub });
      expect(landingOf(result)).toBe("/sign-in?oidc_error=email_unverified");
      expect(await bed.me(browser)).toBeNull();
      const identities = await bed.t.db
        .selectFrom("user_identities")
        .select("id")
        .where("subject", "=", account.sub)
        .execute();
      expect(identities).toEqual([]);
    }
    const unverified = bed.account({ email_verified: false });
    await bed.flow(bed.browser(), { loginAs: unverified.sub });
    expect(await bed.t.db.selectFrom("users").select("id").where("email", "=", unverified.email!).execute()).toEqual(
      [],
    );
  });

  it("a deactivated user is refused with the reason, by linked identity and by matching email (I6)", async () => {
    const account = bed.account();
    const browser = bed.browser();
    await bed.flow(browser, { loginAs: account.sub });
    const me = await bed.me(browser);
    await bed.t.db.updateTable("users").set({ login_activated: false }).where("id", "=", me!.id).execute();

    const later = bed.browser();
    const result = await bed.flow(later, { loginAs: account.sub });
    expect(landingOf(result)).toBe("/sign-in?oidc_error=login_deactivated");
    expect(later.cookie(bed.t.baseUrl, "billfold_session")).toBeUndefined();

    const deactivated = await signedInUser(bed.t);
    await bed.t.db.updateTable("users").set({ login_activated: false }).where("id", "=", deactivated.id).execute();
    const byEmail = bed.account({ email: deactivated.email });
    const second = await bed.flow(bed.browser(), { loginAs: byEmail.sub });
    expect(landingOf(second)).toBe("/sign-in?oidc_error=login_deactivated");

    const failed = await bed.events(me!.id, ["auth.sign_in_failed"]);
    expect(failed.map((e) => e.summary.reason)).toEqual(["login_deactivated"]);
  });

  it("claims that are not valid text are left out, and long ones cut between characters (issue 12 item 3)", async () => {
    const account = bed.account({
      given_name: "Ada\u0000",
      family_name: `${"😀".repeat(99)}x😀`, // 101 characters, 202 code units
      preferred_username: "ada\ud800",
    });
    const browser = bed.browser();
    const result = await bed.flow(browser, { loginAs: account.sub });
    expect(landingOf(result)).toBe("/");
    const me = await bed.me(browser);
    expect(me).toMatchObject({ firstName: "", lastName: `${"😀".repeat(99)}x`, identities: [{ username: null }] });
  });

  it("a control character or invalid text in returnTo is a 400 in the error shape and starts no attempt (issue 12 item 3)", async () => {
    const attempts = async () =>
      (
        await bed.t.db
          .selectFrom("oidc_login_attempts")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await attempts();
    for (const returnTo of ["/%00", "/a%0Ab", "/%E2%80%A8", "/%C2%85"]) {
      const res = await bed.browser().get(`${bed.t.baseUrl}/api/v1/auth/oidc/start?returnTo=${returnTo}`);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error).toMatchObject({ code: "invalid_input", details: [{ path: "returnTo" }] });
      expect(typeof body.error.requestId).toBe("string");
    }
    expect(await attempts()).toBe(before);
  });

  it("returnTo is limited to this portal's own paths", async () => {
    for (const [returnTo, expected] of [
      ["/invitations/abc?x=1", "/invitations/abc?x=1"],
      ["//evil.example/steal", "/"],
      ["/\\evil.example", "/"],
      ["https://evil.example/", "/"],
      ["javascript:alert(1)", "/"],
    ] as const) {
      const account = bed.account();
      const result = await bed.flow(bed.browser(), { loginAs: account.sub, returnTo });
      expect(result.landing?.origin).toBe(bed.t.baseUrl);
      expect(landingOf(result)).toBe(expected);
    }
  });
});
