// I9: the checks that make the callback trustworthy — state bound to this browser's attempt,
// single use, PKCE, nonce, issuer — each refused with a clear code and nothing signed in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OIDC_CALLBACK_PATH } from "../../../src/server/modules/identity/index.js";
import { hashToken } from "../../../src/server/platform/crypto.js";
import { jwtClaims, startOidcProvider, type TestOidcProvider, testAccount } from "../../setup/oidc-provider.js";
import { landingOf, oidcTestbed, type Testbed } from "./testbed.js";

let bed: Testbed;
let other: TestOidcProvider;
beforeAll(async () => {
  bed = await oidcTestbed();
  // A second, independent provider with the same client registration: a different issuer.
  other = await startOidcProvider({ clientId: bed.op.clientId, clientSecret: bed.op.clientSecret });
  other.register(`${bed.t.baseUrl}${OIDC_CALLBACK_PATH}`);
});
afterAll(async () => {
  await bed?.close();
  await other?.close();
});

async function failureDetails(reason: string) {
  const rows = await bed.t.db
    .selectFrom("events")
    .select(["summary"])
    .where("action", "=", "auth.sign_in_failed")
    .orderBy("id", "desc")
    .execute();
  return rows
    .map((r) => r.summary as { reason: string; detail: string; method: string })
    .filter((s) => s.reason === reason);
}

async function userCount(): Promise<number> {
  const row = await bed.t.db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("callback checks", () => {
  it("a tampered state is refused and uses up the attempt", async () => {
    const account = bed.account();
    const browser = bed.browser();
    const stopped = await bed.flow(browser, { loginAs: account.sub, stopBeforeCallback: true });
    const attemptCookie = browser.cookie(bed.t.baseUrl, "billfold_oidc") ?? "";
    const tampered = new URL(stopped.callbackUrl!);
    tampered.searchParams.set("state", `${tampered.searchParams.get("state")}x`);
    const res = await browser.get(tampered);
    expect(res.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=state_mismatch`);
    expect(browser.cookie(bed.t.baseUrl, "billfold_oidc")).toBeUndefined();
    expect(await bed.me(browser)).toBeNull();
    expect((await failureDetails("state_mismatch"))[0]?.detail).toMatch(/state/);

    // The genuine callback cannot be completed afterwards: the attempt is gone.
    browser.setCookie(bed.t.baseUrl, "billfold_oidc", attemptCookie, "/api/v1/auth/oidc");
    const genuine = await browser.get(stopped.callbackUrl!);
    expect(genuine.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=state_mismatch`);
    expect(await bed.me(browser)).toBeNull();
    expect(
      await bed.t.db.selectFrom("user_identities").select("id").where("subject", "=", account.sub).execute(),
    ).toEqual([]);
  });

  it("a callback without this browser's attempt cookie is refused (login CSRF)", async () => {
    const account = bed.account();
    const victim = bed.browser();
    // The attacker gets a valid code for their own account and sends the callback link to a victim.
    const attacker = bed.browser();
    const stopped = await bed.flow(attacker, { loginAs: account.sub, stopBeforeCallback: true });
    const res = await victim.get(stopped.callbackUrl!);
    expect(res.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=state_mismatch`);
    expect(await bed.me(victim)).toBeNull();
    // A victim who is signed in is sent back to the profile, still themselves.
    const signedIn = bed.browser();
    await bed.flow(signedIn, { loginAs: bed.account().sub });
    const again = await signedIn.get(stopped.callbackUrl!);
    expect(again.headers.get("location")).toBe(`${bed.t.baseUrl}/profile?oidc_error=state_mismatch`);
  });

  it("an expired attempt is refused", async () => {
    const account = bed.account();
    const browser = bed.browser();
    const stopped = await bed.flow(browser, { loginAs: account.sub, stopBeforeCallback: true });
    const key = hashToken(browser.cookie(bed.t.baseUrl, "billfold_oidc") ?? "");
    await bed.t.db
      .updateTable("oidc_login_attempts")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("key_hash", "=", key)
      .execute();
    const res = await browser.get(stopped.callbackUrl!);
    expect(res.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=state_mismatch`);
    expect(await bed.me(browser)).toBeNull();
  });

  it("replaying a used callback (same attempt cookie, same code) is refused; the session stays as it was", async () => {
    const account = bed.account();
    const browser = bed.browser();
    const stopped = await bed.flow(browser, { loginAs: account.sub, stopBeforeCallback: true });
    const attemptCookie = browser.cookie(bed.t.baseUrl, "billfold_oidc") ?? "";
    const first = await browser.get(stopped.callbackUrl!);
    expect(first.headers.get("location")).toBe(`${bed.t.baseUrl}/`);
    const session = browser.cookie(bed.t.baseUrl, "billfold_session");

    const replayer = bed.browser();
    replayer.setCookie(bed.t.baseUrl, "billfold_oidc", attemptCookie, "/api/v1/auth/oidc");
    const replay = await replayer.get(stopped.callbackUrl!);
    expect(replay.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=state_mismatch`);
    expect(await bed.me(replayer)).toBeNull();
    expect(browser.cookie(bed.t.baseUrl, "billfold_session")).toBe(session);
  });

  it("concurrent callbacks of one attempt sign in once (single use)", async () => {
    const account = bed.account();
    const browser = bed.browser();
    const stopped = await bed.flow(browser, { loginAs: account.sub, stopBeforeCallback: true });
    const cookie = browser.cookie(bed.t.baseUrl, "billfold_oidc") ?? "";
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        fetch(stopped.callbackUrl!, { redirect: "manual", headers: { cookie: `billfold_oidc=${cookie}` } }),
      ),
    );
    const locations = answers.map(
      (a) => new URL(a.headers.get("location") ?? "").pathname + new URL(a.headers.get("location") ?? "").search,
    );
    expect(locations.sort()).toEqual(["/", "/sign-in?oidc_error=state_mismatch", "/sign-in?oidc_error=state_mismatch"]);
    const sessions = await bed.t.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select("sessions.id")
      .where("users.email", "=", account.email!)
      .execute();
    expect(sessions).toHaveLength(1);
  });

  it("an authorization code replayed into a fresh attempt is refused by the provider (codes are single use)", async () => {
    const account = bed.account();
    const browser = bed.browser();
    const used = await bed.flow(browser, { loginAs: account.sub });
    const oldCode = used.callbackUrl?.searchParams.get("code") ?? "";
    const usersBefore = await userCount();

    const attacker = bed.browser();
    const replay = await bed.flow(attacker, {
      loginAs: bed.account().sub,
      callbackUrl: (url) => {
        url.searchParams.set("code", oldCode);
        return url;
      },
    });
    expect(landingOf(replay)).toBe("/sign-in?oidc_error=provider_error");
    expect(await bed.me(attacker)).toBeNull();
    expect(await userCount()).toBe(usersBefore);
    expect((await failureDetails("provider_error"))[0]?.detail).toMatch(/invalid_grant/);
  });

  it("an ID token with another nonce than the attempt's is refused", async () => {
    const account = bed.account();
    const browser = bed.browser();
    const usersBefore = await userCount();
    const result = await bed.flow(browser, {
      loginAs: account.sub,
      authorizationUrl: (url) => {
        url.searchParams.set("nonce", "a-nonce-the-portal-never-issued");
        return url;
      },
    });
    expect(landingOf(result)).toBe("/sign-in?oidc_error=provider_error");
    expect(await bed.me(browser)).toBeNull();
    expect(await userCount()).toBe(usersBefore);
    expect((await failureDetails("provider_error"))[0]?.detail).toMatch(/nonce/);
  });

  it("a response from another issuer is refused, with or without its iss parameter", async () => {
    const account = other.addAccount(testAccount());
    const usersBefore = await userCount();
    for (const stripIss of [false, true]) {
      const browser = bed.browser();
      const result = await bed.flow(browser, {
        loginAs: account.sub,
        // The portal's request (its state, nonce, PKCE challenge) is answered by the other provider.
        authorizationUrl: (url) => new URL(`${url.pathname}${url.search}`, other.issuer),
        callbackUrl: (url) => {
          expect(url.searchParams.get("iss")).toBe(other.issuer);
          if (stripIss) url.searchParams.delete("iss");
          return url;
        },
      });
      expect(landingOf(result)).toBe("/sign-in?oidc_error=provider_error");
      expect(await bed.me(browser)).toBeNull();
    }
    expect(await userCount()).toBe(usersBefore);
    const details = (await failureDetails("provider_error")).slice(0, 2).map((d) => d.detail);
    expect(details.join(" ")).toMatch(/iss/);
  });

  describe("the ID token from the token endpoint is verified (signature, issuer, audience)", () => {
    const forgeries: [string, (idToken: string) => string, RegExp][] = [
      [
        "a broken signature",
        (idToken) => {
          const [header, payload, signature = ""] = idToken.split(".");
          const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
          return `${header}.${payload}.${flipped}`;
        },
        /signature/i,
      ],
      [
        "another issuer (validly signed)",
        (idToken) => bed.op.signWithProviderKey({ ...jwtClaims(idToken), iss: other.issuer }),
        /iss/,
      ],
      [
        "another audience (validly signed)",
        (idToken) => bed.op.signWithProviderKey({ ...jwtClaims(idToken), aud: "some-other-client" }),
        /aud/,
      ],
      [
        "an expired token (validly signed)",
        (idToken) => bed.op.signWithProviderKey({ ...jwtClaims(idToken), exp: Math.floor(Date.now() / 1000) - 600 }),
        /exp/,
      ],
      ["no signature at all", (idToken) => `${idToken.split(".").slice(0, 2).join(".")}.`, /./],
    ];

    for (const [name, forge, detail] of forgeries) {
      it(`refuses ${name}`, async () => {
        const account = bed.account();
        const browser = bed.browser();
        bed.op.rewriteTokenResponse = (body) => ({ ...body, id_token: forge(String(body.id_token)) });
        try {
          const result = await bed.flow(browser, { loginAs: account.sub });
          expect(landingOf(result)).toBe("/sign-in?oidc_error=provider_error");
        } finally {
          bed.op.rewriteTokenResponse = null;
        }
        expect(await bed.me(browser)).toBeNull();
        expect(await bed.t.db.selectFrom("users").select("id").where("email", "=", account.email!).execute()).toEqual(
          [],
        );
        expect((await failureDetails("provider_error"))[0]?.detail).toMatch(detail);
      });
    }

    it("accepts the provider's own token passed through unchanged (the rewrite hook itself is sound)", async () => {
      const account = bed.account();
      const browser = bed.browser();
      bed.op.rewriteTokenResponse = (body) => ({ ...body });
      try {
        expect(landingOf(await bed.flow(browser, { loginAs: account.sub }))).toBe("/");
      } finally {
        bed.op.rewriteTokenResponse = null;
      }
    });
  });

  it("an error answered by the provider (the person cancelled) is shown as provider_error", async () => {
    const browser = bed.browser();
    const stopped = await bed.flow(browser, { loginAs: bed.account().sub, stopBeforeCallback: true });
    const url = new URL(stopped.callbackUrl!);
    url.searchParams.delete("code");
    url.searchParams.set("error", "access_denied");
    url.searchParams.set("error_description", "the person said no");
    const res = await browser.get(url);
    expect(res.headers.get("location")).toBe(`${bed.t.baseUrl}/sign-in?oidc_error=provider_error`);
    expect((await failureDetails("provider_error"))[0]?.detail).toMatch(/access_denied/);
  });
});
