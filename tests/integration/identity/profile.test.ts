// GET/PATCH /me and the email change (I7, I3).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInUser, signInByLink, tokenFrom, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

function mailAfter(index: number, to: string, subject: RegExp) {
  return t.smtp.waitForMail((m) => t.smtp.messages.indexOf(m) >= index && m.to === to && subject.test(m.subject));
}

describe("profile", () => {
  it("changes first and last name and records the change (AU1)", async () => {
    const user = await signedInUser(t);
    const res = await user.client.patch("/api/v1/me", { firstName: "  Ada ", lastName: "Lovelace" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ firstName: "Ada", lastName: "Lovelace" });
    expect((await user.client.get("/api/v1/me")).json()).toMatchObject({ firstName: "Ada", lastName: "Lovelace" });
    const event = await t.db
      .selectFrom("events")
      .select(["action", "summary", "actor_id"])
      .where("subject_id", "=", user.id)
      .where("action", "=", "profile.updated")
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(user.id);
    expect(event.summary).toMatchObject({ firstName: { from: "", to: "Ada" } });
  });

  it("answers 401 when signed out", async () => {
    expect((await t.client().get("/api/v1/me")).statusCode).toBe(401);
    expect((await t.client().patch("/api/v1/me", { firstName: "x" })).statusCode).toBe(401);
  });

  it("keeps a new email pending until confirmed, tells the old address, and revokes other sessions and links on confirmation (I7)", async () => {
    const oldEmail = uniqueEmail("old");
    const newEmail = uniqueEmail("New");
    const here = await signInByLink(t, oldEmail);
    const elsewhere = await signInByLink(t, oldEmail);
    // An outstanding sign-in link for the old address must die too (I3).
    const beforeLink = t.smtp.messages.length;
    await t.client().post("/api/v1/auth/sign-in-link", { email: oldEmail });
    const outstanding = tokenFrom(t.smtp.linkIn(await mailAfter(beforeLink, oldEmail, /sign-in/i), "/sign-in/"));

    const start = t.smtp.messages.length;
    const patched = await here.patch("/api/v1/me", { email: newEmail });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ email: oldEmail, pendingEmail: newEmail });

    const notice = await mailAfter(start, oldEmail, /change requested/i);
    expect(notice.text).toContain(newEmail);
    const confirmation = await mailAfter(start, newEmail, /confirm/i);
    const link = t.smtp.linkIn(confirmation, "/confirm-email/");
    expect(link.startsWith(`${t.baseUrl}/confirm-email/`)).toBe(true);

    const confirmed = await here.post("/api/v1/me/email/confirm", { token: tokenFrom(link) });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ email: newEmail, pendingEmail: null, emailConfirmed: true });
    expect((await here.get("/api/v1/me")).statusCode).toBe(200);
    expect((await elsewhere.get("/api/v1/me")).statusCode).toBe(401);
    expect((await t.client().post("/api/v1/auth/sign-in-link/redeem", { token: outstanding })).statusCode).toBe(410);
    expect((await here.post("/api/v1/me/email/confirm", { token: tokenFrom(link) })).statusCode).toBe(410);
    const changed = await mailAfter(start, oldEmail, /was changed/i);
    expect(changed.text).toContain(newEmail);
  });

  it("resend sends a new confirmation link and kills the previous one (I7)", async () => {
    const user = await signedInUser(t);
    const newEmail = uniqueEmail("resend");
    const start = t.smtp.messages.length;
    await user.client.patch("/api/v1/me", { email: newEmail });
    const first = tokenFrom(t.smtp.linkIn(await mailAfter(start, newEmail, /confirm/i), "/confirm-email/"));
    const resendAt = t.smtp.messages.length;
    expect((await user.client.post("/api/v1/me/email/resend")).statusCode).toBe(202);
    const second = tokenFrom(t.smtp.linkIn(await mailAfter(resendAt, newEmail, /confirm/i), "/confirm-email/"));
    expect(second).not.toBe(first);
    expect((await t.client().post("/api/v1/me/email/confirm", { token: first })).statusCode).toBe(410);
    // The token alone proves the address, signed in or not.
    const ok = await t.client().post("/api/v1/me/email/confirm", { token: second });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().email).toBe(newEmail);
  });

  it("refuses to confirm an address another profile took meanwhile (409, nothing changes)", async () => {
    const user = await signedInUser(t);
    const wanted = uniqueEmail("wanted");
    const start = t.smtp.messages.length;
    await user.client.patch("/api/v1/me", { email: wanted });
    const token = tokenFrom(t.smtp.linkIn(await mailAfter(start, wanted, /confirm/i), "/confirm-email/"));
    await signedInUser(t, { email: wanted.toUpperCase() });
    const res = await user.client.post("/api/v1/me/email/confirm", { token });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("email_taken");
    expect((await user.client.get("/api/v1/me")).json().email).toBe(user.email);
  });

  it("cancels a pending email change: the link stops working, the event is recorded, a second cancel is 409 (I7, AU1)", async () => {
    const user = await signedInUser(t);
    const newEmail = uniqueEmail("typo");
    const start = t.smtp.messages.length;
    await user.client.patch("/api/v1/me", { email: newEmail });
    const token = tokenFrom(t.smtp.linkIn(await mailAfter(start, newEmail, /confirm/i), "/confirm-email/"));

    const cancelled = await user.client.delete("/api/v1/me/email/pending");
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ email: user.email, pendingEmail: null });
    expect((await user.client.get("/api/v1/me")).json().pendingEmail).toBeNull();
    expect((await t.client().post("/api/v1/me/email/confirm", { token })).statusCode).toBe(410);
    const event = await t.db
      .selectFrom("events")
      .select(["actor_id", "summary"])
      .where("subject_id", "=", user.id)
      .where("action", "=", "profile.email_change_cancelled")
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(user.id);
    expect(event.summary).toMatchObject({ pendingEmail: newEmail });

    const again = await user.client.delete("/api/v1/me/email/pending");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("no_pending_email");
    expect((await t.client().delete("/api/v1/me/email/pending")).statusCode).toBe(401);
  });

  it("resend without a pending change answers 409", async () => {
    const user = await signedInUser(t);
    const res = await user.client.post("/api/v1/me/email/resend");
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("no_pending_email");
  });
});
