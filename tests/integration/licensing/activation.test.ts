// S4: activation codes. Each self-managed subscription has a 24-character code that only its
// managers see; a manager makes a new one (the old stops working) and releases the instance.
// The customer's instance calls POST /activations (no session): the first instance binds the
// subscription and gets a license bound to it; the same instance again gets a fresh license; a
// second instance is refused until a manager releases the binding; two at once → one wins.
// Attempts are rate-limited per code and per IP; every unknown code gets the same answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatActivationCode } from "../../../src/shared/licensing.js";
import { accountWithManagers } from "../../factories/accounts.js";
import { activationCodeOf, buySubscription, resellerOwned, subscriptionRow } from "../../factories/subscriptions.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { eventActions } from "../../setup/inspect.js";
import { readLicenseFile } from "../../setup/license-file.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  // One hop of proxy trusted: each test comes from its own client address (X-Forwarded-For), so
  // the per-IP limit counts only its own attempts.
  t = await createTestApp({ env: { TRUST_PROXY: "1" } });
});
afterAll(async () => {
  await t?.close();
});

let addresses = 0;
const newIp = () => `203.0.113.${++addresses}`;
let instances = 0;
const newInstance = () => `instance-${Date.now().toString(36)}-${++instances}`;

function activate(code: string, instanceId: string, ip: string) {
  return t.client().post("/api/v1/activations", { code, instanceId }, { "x-forwarded-for": ip });
}

async function selfManaged() {
  const { owner, account } = await accountWithManagers(t);
  const subscription = await buySubscription(owner, account.id, "self_managed");
  return { owner, accountId: account.id, subscription, code: await activationCodeOf(t, subscription.id) };
}

/** A made-up code of the right shape that no subscription has. */
const unknownCode = () =>
  Array.from({ length: 24 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(Math.random() * 32)]).join("");

describe("S4 activation codes", () => {
  it("managers see the code; staff see the subscription without it", async () => {
    const { owner, accountId, subscription, code } = await selfManaged();
    expect(subscription.activationCode).toBe(code);
    expect(code).toMatch(/^[A-Z2-9]{24}$/);
    const listed = (await owner.client.get(`/api/v1/billing-accounts/${accountId}/subscriptions`)).json();
    expect(listed.subscriptions[0].activationCode).toBe(code);

    const staff = await signedInUser(t, { email: uniqueEmail("staff") });
    await t.db.updateTable("users").set({ staff_role: "support" }).where("id", "=", staff.id).execute();
    const one = await staff.client.get(`/api/v1/subscriptions/${subscription.id}`);
    expect([one.statusCode, one.json().activationCode]).toEqual([200, null]);
    const list = await staff.client.get(`/api/v1/billing-accounts/${accountId}/subscriptions`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(code);
  });

  it("a manager makes a new code: the old one stops working, the event holds neither", async () => {
    const { owner, subscription, code } = await selfManaged();
    const res = await owner.client.post(`/api/v1/subscriptions/${subscription.id}/activation-code`);
    expect(res.statusCode, res.body).toBe(200);
    const fresh: string = res.json().activationCode;
    expect(fresh).toMatch(/^[A-Z2-9]{24}$/);
    expect(fresh).not.toBe(code);
    expect((await subscriptionRow(t, subscription.id)).activation_code).toBe(fresh);

    const ip = newIp();
    const old = await activate(code, newInstance(), ip);
    expect([old.statusCode, old.json().error.code]).toEqual([404, "activation_code_invalid"]);
    expect((await activate(fresh, newInstance(), ip)).statusCode).toBe(200);

    expect(await eventActions(t.db, subscription.id)).toContain("subscription.activation_code_regenerated");
    const events = await t.db
      .selectFrom("events")
      .select("summary")
      .where("subject_id", "=", subscription.id)
      .execute();
    const written = JSON.stringify(events);
    expect(written).not.toContain(code);
    expect(written).not.toContain(fresh);
  });

  it("a SaaS subscription has no code: 409 wrong_deployment", async () => {
    const { owner, account } = await accountWithManagers(t);
    const saas = await buySubscription(owner, account.id, "saas");
    expect(saas.activationCode).toBeNull();
    const res = await owner.client.post(`/api/v1/subscriptions/${saas.id}/activation-code`);
    expect([res.statusCode, res.json().error.code]).toEqual([409, "wrong_deployment"]);
    const release = await owner.client.delete(`/api/v1/subscriptions/${saas.id}/activation`);
    expect([release.statusCode, release.json().error.code]).toEqual([409, "wrong_deployment"]);
  });
});

describe("S4 activations", () => {
  it("the first instance binds the subscription and gets a license bound to it; the contact is told", async () => {
    const { owner, subscription, code } = await selfManaged();
    const instanceId = newInstance();
    // The code as a person copies it: in groups, lower-case.
    const res = await activate(formatActivationCode(code).toLowerCase(), instanceId, newIp());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ subscriptionNumber: subscription.subscriptionNumber, instanceId });
    const payload = readLicenseFile(body.license, t.runtime.licenseKeys);
    expect(payload.instanceId).toBe(instanceId);
    expect(payload.expiresAt).toBe(body.licenseExpiresAt);
    expect(payload.subscriptions[0]!.number).toBe(subscription.subscriptionNumber);

    const shown = (await owner.client.get(`/api/v1/subscriptions/${subscription.id}`)).json();
    expect(shown.activation.instanceId).toBe(instanceId);
    expect(Math.abs(Date.parse(shown.activation.activatedAt) - Date.now())).toBeLessThan(60_000);

    const event = await t.db
      .selectFrom("events")
      .select(["actor_type", "summary", "ip"])
      .where("subject_id", "=", subscription.id)
      .where("action", "=", "subscription.activated")
      .executeTakeFirstOrThrow();
    expect(event.actor_type).toBe("anonymous");
    expect(JSON.stringify(event.summary)).toContain(instanceId);
    expect(JSON.stringify(event.summary)).not.toContain(code);

    const mail = await t.smtp.waitForMail(
      (m) =>
        m.to.includes(owner.email) &&
        m.subject === `Subscription ${subscription.subscriptionNumber} was activated on an instance`,
    );
    expect(mail.text).toContain(instanceId);
    expect(mail.text).not.toContain(code);
  });

  it("the same instance again gets a fresh license without a new binding; another instance 409 until released", async () => {
    const { owner, subscription, code } = await selfManaged();
    const first = newInstance();
    const ip = newIp();
    const one = await activate(code, first, ip);
    expect(one.statusCode).toBe(200);
    const activatedAt = (await subscriptionRow(t, subscription.id)).activated_at;
    const again = await activate(code, first, ip);
    expect(again.statusCode).toBe(200);
    const [a, b] = [one, again].map((r) => readLicenseFile(r.json().license, t.runtime.licenseKeys));
    expect(b!.licenseId).not.toBe(a!.licenseId);
    expect((await subscriptionRow(t, subscription.id)).activated_at).toEqual(activatedAt);
    expect((await eventActions(t.db, subscription.id)).filter((x) => x === "subscription.activated")).toHaveLength(1);

    const before = await subscriptionRow(t, subscription.id);
    const second = newInstance();
    const refused = await activate(code, second, ip);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, "already_activated"]);
    expect(refused.body).not.toContain(first);
    expect(await subscriptionRow(t, subscription.id)).toEqual(before);

    const released = await owner.client.delete(`/api/v1/subscriptions/${subscription.id}/activation`);
    expect([released.statusCode, released.json().activation]).toEqual([200, null]);
    const twice = await owner.client.delete(`/api/v1/subscriptions/${subscription.id}/activation`);
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, "not_activated"]);
    const next = await activate(code, second, ip);
    expect([next.statusCode, next.json().instanceId]).toEqual([200, second]);
    const actions = (await eventActions(t.db, subscription.id)).filter((x) => x.includes("activat"));
    expect(actions).toEqual(["subscription.activated", "subscription.activation_released", "subscription.activated"]);
  });

  it("S4: two instances activating one code at the same moment: one 200, one 409, one binding", async () => {
    const { subscription, code } = await selfManaged();
    const [x, y] = [newInstance(), newInstance()];
    const results = await Promise.all([activate(code, x, newIp()), activate(code, y, newIp())]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!.json().instanceId;
    expect((await subscriptionRow(t, subscription.id)).activation_instance_id).toBe(winner);
  });

  it("every unknown code gets the same 404; an ended subscription 409 subscription_ended; bad input 400", async () => {
    const ip = newIp();
    const answers = await Promise.all([unknownCode(), unknownCode()].map((c) => activate(c, newInstance(), ip)));
    for (const res of answers)
      expect([res.statusCode, res.json().error.code]).toEqual([404, "activation_code_invalid"]);
    expect(answers[0]!.json().error.message).toBe(answers[1]!.json().error.message);

    const { subscription, code } = await selfManaged();
    await t.db.updateTable("subscriptions").set({ status: "expired" }).where("id", "=", subscription.id).execute();
    const ended = await activate(code, newInstance(), ip);
    expect([ended.statusCode, ended.json().error.code]).toEqual([409, "subscription_ended"]);
    expect((await subscriptionRow(t, subscription.id)).activation_instance_id).toBeNull();

    for (const body of [{ code }, { code: "short", instanceId: "i" }, { code, instanceId: "has space" }]) {
      const res = await t.client().post("/api/v1/activations", body, { "x-forwarded-for": ip });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it("R1: on a reseller account an instance activates and the manager releases it", async () => {
    const { owner, accountId, subscription, code } = await selfManaged();
    await resellerOwned(t, accountId);
    expect((await activate(code, newInstance(), newIp())).statusCode).toBe(200);
    const released = await owner.client.delete(`/api/v1/subscriptions/${subscription.id}/activation`);
    expect(released.statusCode, released.body).toBe(200);
    const regenerated = await owner.client.post(`/api/v1/subscriptions/${subscription.id}/activation-code`);
    expect(regenerated.statusCode, regenerated.body).toBe(200);
  });
});

describe("S4 activation rate limits", () => {
  it("one code: 10 attempts an hour, from any address, then 429 with Retry-After", async () => {
    const { code } = await selfManaged();
    const instance = newInstance();
    for (let i = 0; i < 10; i++) expect((await activate(code, instance, newIp())).statusCode).toBe(200);
    const limited = await activate(code, instance, newIp());
    expect([limited.statusCode, limited.json().error.code]).toEqual([429, "rate_limited"]);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("one address: 30 attempts in 15 minutes, whatever the codes, then 429", async () => {
    const ip = newIp();
    for (let i = 0; i < 30; i++) expect((await activate(unknownCode(), newInstance(), ip)).statusCode).toBe(404);
    const { code } = await selfManaged();
    const limited = await activate(code, newInstance(), ip);
    expect([limited.statusCode, limited.json().error.code]).toEqual([429, "rate_limited"]);
    expect(limited.headers["retry-after"]).toBeDefined();
    // Another address is not held back.
    expect((await activate(code, newInstance(), newIp())).statusCode).toBe(200);
  });
});
