// I5, I6: server-side sessions, sign out, sign out everywhere, login deactivation.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemMeta } from "../../../src/server/modules/audit/index.js";
import { setLoginActivated } from "../../../src/server/modules/identity/index.js";
import { hashToken } from "../../../src/server/platform/crypto.js";
import { signedInUser, signInByLink, tokenFrom, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("sessions", () => {
  it("sets an HttpOnly, SameSite=Lax cookie and stores only its hash (I5)", async () => {
    const email = uniqueEmail();
    const client = await signInByLink(t, email);
    const me = await client.get("/api/v1/me");
    expect(me.statusCode).toBe(200);
    const stored = await t.db
      .selectFrom("sessions")
      .select("id_hash")
      .where("id_hash", "=", hashToken(client.cookie!))
      .execute();
    expect(stored).toHaveLength(1);
    const raw = await t.db.selectFrom("sessions").select("id_hash").where("id_hash", "=", client.cookie!).execute();
    expect(raw).toHaveLength(0);
  });

  it("gives a new id at every sign-in and ends the session the request came with (I5)", async () => {
    const email = uniqueEmail();
    const client = await signInByLink(t, email);
    const first = client.cookie!;
    const stale = t.client();
    stale.cookie = first;
    await signInByLink(t, email, client);
    expect(client.cookie).not.toBe(first);
    expect((await stale.get("/api/v1/me")).statusCode).toBe(401);
    expect((await client.get("/api/v1/me")).statusCode).toBe(200);
  });

  it("marks the cookie Secure when BASE_URL is https (I5)", async () => {
    const secure = await createTestApp({ env: { BASE_URL: "https://billing.example.com" }, worker: false });
    try {
      const user = await signedInUser(secure);
      const res = await user.client.post("/api/v1/auth/sign-out", undefined, { origin: "https://billing.example.com" });
      expect(res.statusCode).toBe(204);
      const setCookie = String(res.headers["set-cookie"]);
      expect(setCookie).toMatch(/Secure/);
      expect(setCookie).toMatch(/HttpOnly/);
    } finally {
      await secure.close();
    }
  });

  it("sign out ends this session only (I5)", async () => {
    const email = uniqueEmail();
    const a = await signInByLink(t, email);
    const b = await signInByLink(t, email);
    const aCookie = a.cookie;
    const out = await a.post("/api/v1/auth/sign-out");
    expect(out.statusCode).toBe(204);
    const replay = t.client();
    replay.cookie = aCookie;
    expect((await replay.get("/api/v1/me")).statusCode).toBe(401);
    expect((await b.get("/api/v1/me")).statusCode).toBe(200);
  });

  it("sign out everywhere ends every session of the user (I5)", async () => {
    const email = uniqueEmail();
    const a = await signInByLink(t, email);
    const b = await signInByLink(t, email);
    const aCookie = a.cookie;
    expect((await b.post("/api/v1/auth/sign-out-everywhere")).statusCode).toBe(204);
    const replay = t.client();
    replay.cookie = aCookie;
    expect((await replay.get("/api/v1/me")).statusCode).toBe(401);
    expect((await b.get("/api/v1/me")).statusCode).toBe(401);
  });

  it("answers 401 after the idle timeout and after the absolute timeout (I5)", async () => {
    const idle = await signedInUser(t);
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: sql<Date>`now() - interval '13 hours'` as never })
      .where("id_hash", "=", hashToken(idle.client.cookie!))
      .execute();
    const idleAnswer = await idle.client.get("/api/v1/me");
    expect(idleAnswer.statusCode).toBe(401);
    expect(idleAnswer.json().error.code).toBe("not_signed_in");

    const old = await signedInUser(t);
    await t.db
      .updateTable("sessions")
      .set({ expires_at: sql<Date>`now() - interval '1 second'` as never })
      .where("id_hash", "=", hashToken(old.client.cookie!))
      .execute();
    expect((await old.client.get("/api/v1/me")).statusCode).toBe(401);
  });

  it("a deactivated user loses their sessions and cannot sign in with an old or a new link (I6)", async () => {
    const email = uniqueEmail("deact");
    const client = await signInByLink(t, email);
    const userId = (await client.get("/api/v1/me")).json().id as string;
    // A link requested before deactivation…
    const before = t.smtp.messages.length;
    await t.client().post("/api/v1/auth/sign-in-link", { email });
    const pending = await t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= before && m.to === email);
    const oldToken = tokenFrom(t.smtp.linkIn(pending, "/sign-in/"));

    await setLoginActivated(t.db, userId, false, systemMeta);

    expect((await client.get("/api/v1/me")).statusCode).toBe(401);
    const redeemOld = await t.client().post("/api/v1/auth/sign-in-link/redeem", { token: oldToken });
    expect(redeemOld.statusCode).toBe(410);
    const after = t.smtp.messages.length;
    expect((await t.client().post("/api/v1/auth/sign-in-link", { email })).statusCode).toBe(202);
    const notice = await t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= after && m.to === email);
    expect(notice.text).toMatch(/not activated/);
    expect(notice.text).toMatch(/reseller/);
    const events = await t.db.selectFrom("events").select("action").where("subject_id", "=", userId).execute();
    expect(events.map((e) => e.action)).toContain("user.login_deactivated");
  });

  it("a link whose user was deactivated after it was sent answers 403 with the reason (I6)", async () => {
    const user = await signedInUser(t);
    const before = t.smtp.messages.length;
    await t.client().post("/api/v1/auth/sign-in-link", { email: user.email });
    const mail = await t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= before && m.to === user.email);
    // Deactivated by a raw update that skips token revocation: the redeem itself must still refuse.
    await t.db.updateTable("users").set({ login_activated: false }).where("id", "=", user.id).execute();
    const res = await t
      .client()
      .post("/api/v1/auth/sign-in-link/redeem", { token: tokenFrom(t.smtp.linkIn(mail, "/sign-in/")) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: "login_deactivated" });
    expect(res.json().error.message).toMatch(/reseller/);
  });
});
