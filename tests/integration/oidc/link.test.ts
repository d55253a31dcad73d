// I9: Link account, Change linked account, Unlink — only while signed in; one identity per user
// per provider, one user per identity.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInUser } from "../../factories/users.js";
import { landingOf, oidcTestbed, type Testbed } from "./testbed.js";

let bed: Testbed;
beforeAll(async () => {
  bed = await oidcTestbed();
});
afterAll(async () => {
  await bed?.close();
});

async function linkedUser(account = bed.account()) {
  const user = await signedInUser(bed.t);
  const browser = bed.browserFor(user.client.cookie);
  const result = await bed.flow(browser, { intent: "link", loginAs: account.sub });
  expect(landingOf(result)).toBe("/profile?oidc=linked");
  return { user, browser, account };
}

function identitiesOf(userId: string) {
  return bed.t.db
    .selectFrom("user_identities")
    .select(["provider", "subject", "username"])
    .where("user_id", "=", userId)
    .execute();
}

describe("link a GitLab.com account", () => {
  it("links while signed in, keeps the session, emails the profile address and records the event", async () => {
    const user = await signedInUser(bed.t);
    const account = bed.account();
    const browser = bed.browserFor(user.client.cookie);
    const result = await bed.flow(browser, { intent: "link", loginAs: account.sub });
    expect(landingOf(result)).toBe("/profile?oidc=linked");
    // Linking asks the provider for a fresh sign-in, so the person picks the account to link.
    expect(result.authorizationUrl.searchParams.get("prompt")).toBe("login");
    expect(browser.cookie(bed.t.baseUrl, "billfold_session")).toBe(user.client.cookie);

    const me = await bed.me(browser);
    expect(me?.identities).toEqual([
      { provider: "gitlab", username: account.preferred_username, linkedAt: expect.any(String) },
    ]);
    expect(await identitiesOf(user.id)).toEqual([
      { provider: "gitlab", subject: account.sub, username: account.preferred_username },
    ]);
    const mail = await bed.t.smtp.waitForMail((m) => m.to === user.email && /was linked/.test(m.subject));
    expect(mail.text).toContain(`@${account.preferred_username}`);
    expect(await bed.events(user.id, ["identity.linked"])).toEqual([
      {
        action: "identity.linked",
        summary: { provider: "gitlab", username: account.preferred_username, subject: account.sub },
      },
    ]);
    const actor = await bed.t.db
      .selectFrom("events")
      .select(["actor_type", "actor_id"])
      .where("action", "=", "identity.linked")
      .where("subject_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(actor).toEqual({ actor_type: "user", actor_id: user.id });

    // The linked account now signs in to this profile with one click, whatever its email.
    const fresh = bed.browser();
    await bed.flow(fresh, { loginAs: account.sub });
    expect((await bed.me(fresh))?.id).toBe(user.id);
  });

  it("a profile whose email matched at first sign-in links by this route, then signs in by GitLab.com", async () => {
    const user = await signedInUser(bed.t);
    const account = bed.account({ email: user.email });
    const refused = await bed.flow(bed.browser(), { loginAs: account.sub });
    expect(landingOf(refused)).toBe("/sign-in?oidc_error=email_taken");

    const browser = bed.browserFor(user.client.cookie);
    expect(landingOf(await bed.flow(browser, { intent: "link", loginAs: account.sub }))).toBe("/profile?oidc=linked");
    const fresh = bed.browser();
    expect(landingOf(await bed.flow(fresh, { loginAs: account.sub }))).toBe("/");
    expect((await bed.me(fresh))?.id).toBe(user.id);
  });

  it("linking requires a session: the start route sends a signed-out browser to sign in", async () => {
    const browser = bed.browser();
    const start = await browser.get(`${bed.t.baseUrl}/api/v1/auth/oidc/start?intent=link`);
    expect(start.status).toBe(302);
    expect(start.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=not_signed_in`);
    expect(browser.cookie(bed.t.baseUrl, "billfold_oidc")).toBeUndefined();
  });

  it("signing out, or being deactivated, between start and callback links nothing (I6)", async () => {
    const user = await signedInUser(bed.t);
    const account = bed.account();
    const browser = bed.browserFor(user.client.cookie);
    const stopped = await bed.flow(browser, { intent: "link", loginAs: account.sub, stopBeforeCallback: true });
    const signOut = await browser.request("POST", `${bed.t.baseUrl}/api/v1/auth/sign-out`, {
      headers: { origin: bed.t.baseUrl },
    });
    expect(signOut.status).toBe(204);
    const done = await browser.get(stopped.callbackUrl!);
    expect(done.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=not_signed_in`);
    expect(await identitiesOf(user.id)).toEqual([]);

    const other = await signedInUser(bed.t);
    const otherBrowser = bed.browserFor(other.client.cookie);
    const pending = await bed.flow(otherBrowser, { intent: "link", loginAs: account.sub, stopBeforeCallback: true });
    await bed.t.db.updateTable("users").set({ login_activated: false }).where("id", "=", other.id).execute();
    const refused = await otherBrowser.get(pending.callbackUrl!);
    expect(refused.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=login_deactivated`);
    expect(await identitiesOf(other.id)).toEqual([]);
    expect((await bed.events(other.id, ["identity.link_failed"])).map((e) => e.summary.reason)).toEqual([
      "login_deactivated",
    ]);
  });
});

describe("change the linked account", () => {
  it("asks the provider for a fresh sign-in and replaces the linked identity", async () => {
    const { user, browser, account: first } = await linkedUser();
    const second = bed.account();
    const result = await bed.flow(browser, { intent: "link", loginAs: second.sub });
    // prompt=login: the provider asks who is signing in even though this browser has a session there.
    expect(result.authorizationUrl.searchParams.get("prompt")).toBe("login");
    expect(landingOf(result)).toBe("/profile?oidc=changed");
    expect(await identitiesOf(user.id)).toEqual([
      { provider: "gitlab", subject: second.sub, username: second.preferred_username },
    ]);

    const changed = await bed.events(user.id, ["identity.changed"]);
    expect(changed).toEqual([
      {
        action: "identity.changed",
        summary: {
          provider: "gitlab",
          username: { from: first.preferred_username, to: second.preferred_username },
          subject: { from: first.sub, to: second.sub },
        },
      },
    ]);
    const mail = await bed.t.smtp.waitForMail((m) => m.to === user.email && /was changed/.test(m.subject));
    expect(mail.text).toContain(`@${second.preferred_username}`);
    expect(mail.text).toContain(`@${first.preferred_username}`);

    // The new account signs in to the profile; the old one no longer does.
    const viaSecond = bed.browser();
    await bed.flow(viaSecond, { loginAs: second.sub });
    expect((await bed.me(viaSecond))?.id).toBe(user.id);
    const viaFirst = bed.browser();
    await bed.flow(viaFirst, { loginAs: first.sub });
    expect((await bed.me(viaFirst))?.id).not.toBe(user.id);
  });

  it("linking the account that is already linked changes nothing and sends no email", async () => {
    const { user, browser, account } = await linkedUser();
    await bed.t.smtp.waitForMail((m) => m.to === user.email && /was linked/.test(m.subject));
    const mailsBefore = bed.t.smtp.messages.filter((m) => m.to === user.email).length;
    const again = await bed.flow(browser, { intent: "link", loginAs: account.sub });
    expect(landingOf(again)).toBe("/profile?oidc=linked");
    expect(await identitiesOf(user.id)).toHaveLength(1);
    expect(await bed.events(user.id, ["identity.linked", "identity.changed"])).toHaveLength(1);
    // The worker polls every 0.5 s: give a wrongly enqueued mail time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(bed.t.smtp.messages.filter((m) => m.to === user.email)).toHaveLength(mailsBefore);
  });
});

describe("an identity that belongs to another user", () => {
  it("is refused with a clear error for a link and for a change, and nothing changes", async () => {
    const { user: owner, account: taken } = await linkedUser();

    const other = await signedInUser(bed.t);
    const browser = bed.browserFor(other.client.cookie);
    const refused = await bed.flow(browser, { intent: "link", loginAs: taken.sub });
    expect(landingOf(refused)).toBe("/profile?oidc_error=identity_in_use");
    expect(await identitiesOf(other.id)).toEqual([]);

    const own = bed.account();
    expect(landingOf(await bed.flow(browser, { intent: "link", loginAs: own.sub }))).toBe("/profile?oidc=linked");
    const refusedChange = await bed.flow(browser, { intent: "link", loginAs: taken.sub });
    expect(landingOf(refusedChange)).toBe("/profile?oidc_error=identity_in_use");
    expect(await identitiesOf(other.id)).toEqual([
      { provider: "gitlab", subject: own.sub, username: own.preferred_username },
    ]);
    expect(await identitiesOf(owner.id)).toEqual([
      { provider: "gitlab", subject: taken.sub, username: taken.preferred_username },
    ]);
    const failures = await bed.events(other.id, ["identity.link_failed"]);
    expect(failures.map((e) => e.summary.reason)).toEqual(["identity_in_use", "identity_in_use"]);
    // The session of the refused user is intact.
    expect((await bed.me(browser))?.id).toBe(other.id);
  });

  it("two users linking the same identity at once: one wins, the other is refused", async () => {
    const account = bed.account();
    const users = await Promise.all([signedInUser(bed.t), signedInUser(bed.t)]);
    const browsers = users.map((u) => bed.browserFor(u.client.cookie));
    const pending = await Promise.all(
      browsers.map((b) => bed.flow(b, { intent: "link", loginAs: account.sub, stopBeforeCallback: true })),
    );
    const answers = await Promise.all(pending.map((p, i) => browsers[i]!.get(p.callbackUrl!)));
    const locations = answers.map((a) => new URL(a.headers.get("location") ?? "").search).sort();
    expect(locations).toEqual(["?oidc=linked", "?oidc_error=identity_in_use"]);
    const rows = await bed.t.db
      .selectFrom("user_identities")
      .select("user_id")
      .where("subject", "=", account.sub)
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe("unlink", () => {
  it("DELETE /me/identities/gitlab unlinks (Origin checked), records the event and tells the profile address", async () => {
    const { user, browser, account } = await linkedUser();
    const url = `${bed.t.baseUrl}/api/v1/me/identities/gitlab`;

    const noOrigin = await browser.request("DELETE", url);
    expect(noOrigin.status).toBe(403);
    expect((await noOrigin.json()).error.code).toBe("origin_mismatch");
    const foreign = await browser.request("DELETE", url, { headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(await identitiesOf(user.id)).toHaveLength(1);

    const res = await browser.request("DELETE", url, { headers: { origin: bed.t.baseUrl } });
    expect(res.status).toBe(200);
    expect((await res.json()).identities).toEqual([]);
    expect((await bed.me(browser))?.identities).toEqual([]);
    expect(await bed.events(user.id, ["identity.unlinked"])).toEqual([
      {
        action: "identity.unlinked",
        summary: { provider: "gitlab", username: account.preferred_username, subject: account.sub },
      },
    ]);
    await bed.t.smtp.waitForMail((m) => m.to === user.email && /unlinked/.test(m.subject));

    const again = await browser.request("DELETE", url, { headers: { origin: bed.t.baseUrl } });
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe("identity_not_found");
    const unknown = await browser.request("DELETE", `${bed.t.baseUrl}/api/v1/me/identities/github`, {
      headers: { origin: bed.t.baseUrl },
    });
    expect(unknown.status).toBe(404);
    const signedOut = await bed.browser().request("DELETE", url, { headers: { origin: bed.t.baseUrl } });
    expect(signedOut.status).toBe(401);

    // The unlinked account no longer reaches this profile.
    const fresh = bed.browser();
    await bed.flow(fresh, { loginAs: account.sub });
    expect((await bed.me(fresh))?.id).not.toBe(user.id);
  });
});
