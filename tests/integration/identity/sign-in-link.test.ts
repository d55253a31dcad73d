// I2, I3, I4, I8: one-time sign-in links.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../../src/server/platform/crypto.js";
import { signedInUser, tokenFrom, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function requestLink(email: string) {
  const client = t.client();
  const before = t.smtp.messages.length;
  const res = await client.post("/api/v1/auth/sign-in-link", { email });
  expect(res.statusCode).toBe(202);
  const mail = await t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= before && m.to === email);
  return { client, mail, token: tokenFrom(t.smtp.linkIn(mail, "/sign-in/")) };
}

describe("sign-in link", () => {
  it("emails a link to BASE_URL/sign-in/<token> and stores only the token's hash (I2, I3)", async () => {
    const email = uniqueEmail("new");
    const { mail, token } = await requestLink(email);
    expect(t.smtp.linkIn(mail, "/sign-in/")).toBe(`${t.baseUrl}/sign-in/${token}`);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const rows = await t.db.selectFrom("one_time_tokens").select(["token_hash"]).where("email", "=", email).execute();
    expect(rows).toEqual([{ token_hash: hashToken(token) }]);
  });

  it("first redeem creates a confirmed profile and a session; the second answers 410 (I3, I8)", async () => {
    const email = uniqueEmail("first");
    const { client, token } = await requestLink(email);
    const redeemed = await client.post("/api/v1/auth/sign-in-link/redeem", { token });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json().user).toMatchObject({ email, emailConfirmed: true });
    const me = await client.get("/api/v1/me");
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(email);

    const again = await t.client().post("/api/v1/auth/sign-in-link/redeem", { token });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe("link_expired");
  });

  it("opening the landing page (GET) does not use the token (I4)", async () => {
    const email = uniqueEmail("prefetch");
    const { token } = await requestLink(email);
    await t.client().get(`/sign-in/${token}`);
    const row = await t.db
      .selectFrom("one_time_tokens")
      .select(["used_at"])
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    const redeemed = await t.client().post("/api/v1/auth/sign-in-link/redeem", { token });
    expect(redeemed.statusCode).toBe(200);
  });

  it("a link older than 24 hours answers 410 (I3)", async () => {
    const email = uniqueEmail("old");
    const { token } = await requestLink(email);
    await t.db
      .updateTable("one_time_tokens")
      .set({ expires_at: new Date(Date.now() - 1000), created_at: undefined as never })
      .where("token_hash", "=", hashToken(token))
      .execute();
    const res = await t.client().post("/api/v1/auth/sign-in-link/redeem", { token });
    expect(res.statusCode).toBe(410);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
  });

  it("two concurrent redeems of one link make one session (I3)", async () => {
    const email = uniqueEmail("race");
    const { token } = await requestLink(email);
    const results = await Promise.all([
      t.client().post("/api/v1/auth/sign-in-link/redeem", { token }),
      t.client().post("/api/v1/auth/sign-in-link/redeem", { token }),
      t.client().post("/api/v1/auth/sign-in-link/redeem", { token }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 410, 410]);
    const sessions = await t.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select("sessions.id")
      .where("users.email", "=", email)
      .execute();
    expect(sessions).toHaveLength(1);
  });

  it("answers a known, an unknown and a deactivated address identically (I2: no enumeration)", async () => {
    const known = await signedInUser(t);
    const deactivated = await signedInUser(t);
    await t.db.updateTable("users").set({ login_activated: false }).where("id", "=", deactivated.id).execute();
    const answers = [];
    for (const email of [known.email, uniqueEmail("unknown"), deactivated.email]) {
      const res = await t.client().post("/api/v1/auth/sign-in-link", { email });
      answers.push({ status: res.statusCode, body: res.json(), type: res.headers["content-type"] });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    const mail = await t.smtp.waitForMail((m) => m.to === deactivated.email);
    expect(mail.text).toMatch(/not activated/);
    expect(mail.text).not.toMatch(/\/sign-in\//);
  });

  it("links sent to an address are matched case-insensitively to its profile (I1)", async () => {
    const user = await signedInUser(t, { email: uniqueEmail("Mixed").replace("mixed", "Mixed") });
    const typed = user.email.toUpperCase();
    const res = await t.client().post("/api/v1/auth/sign-in-link", { email: `  ${typed} ` });
    expect(res.statusCode).toBe(202);
    const mail = await t.smtp.waitForMail((m) => m.to === user.email);
    const redeemed = await t.client().post("/api/v1/auth/sign-in-link/redeem", {
      token: tokenFrom(t.smtp.linkIn(mail, "/sign-in/")),
    });
    expect(redeemed.json().user.id).toBe(user.id);
  });

  it("writes audit events for the request, the sign-in and a failed redeem (AU1)", async () => {
    const email = uniqueEmail("audit");
    const { token } = await requestLink(email);
    const client = t.client();
    await client.post("/api/v1/auth/sign-in-link/redeem", { token });
    await t.client().post("/api/v1/auth/sign-in-link/redeem", { token });
    const userId = (await client.get("/api/v1/me")).json().id;
    const events = await t.db
      .selectFrom("events")
      .select(["action", "actor_id", "summary"])
      .where((eb) => eb.or([eb("subject_id", "=", userId), eb("action", "=", "auth.sign_in_failed")]))
      .orderBy("id")
      .execute();
    const actions = events.map((e) => e.action);
    expect(actions).toContain("auth.signed_up");
    expect(actions).toContain("auth.sign_in_failed");
    expect(JSON.stringify(events)).not.toContain(token);
  });
});
