// S3: a self-managed subscription's signed license file. Managers download it (reseller customers
// too, R1); it names the subscription contact, the company, the plan, the seats, the term and its
// own issue time and expiry (term end + LICENSE_GRACE_DAYS). It is emailed to the subscription
// contact on purchase, on renewal and when more seats are bought — never to invoice recipients or
// another contact — signed when the mail is delivered, and it verifies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { billingDeps } from "../../../src/server/app/bootstrap.js";
import { runRenewals } from "../../../src/server/modules/billing/index.js";
import { addDays, toIsoDate } from "../../../src/server/modules/billing/term.js";
import { LICENSE_GRACE_DAYS } from "../../../src/server/modules/licensing/index.js";
import { ADDRESS, accountWithManagers } from "../../factories/accounts.js";
import { buySubscription, resellerOwned } from "../../factories/subscriptions.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { readLicenseFile } from "../../setup/license-file.js";
import type { CapturedMail } from "../../setup/smtp-capture.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const url = (id: string) => `/api/v1/subscriptions/${id}/license`;
const isLicenseMail = (number: string) => (m: CapturedMail) => m.subject === `License file for subscription ${number}`;
const licenseMailsOf = (number: string) => t.smtp.messages.filter(isLicenseMail(number));

describe("S3 license download", () => {
  it("a manager downloads a signed file naming licensee, plan, seats, term and its own expiry", async () => {
    const { owner, account } = await accountWithManagers(t);
    const subscription = await buySubscription(owner, account.id, "self_managed");
    const res = await owner.client.get(url(subscription.id));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="billfold-license-${subscription.subscriptionNumber}.txt"`,
    );
    expect(res.headers["cache-control"]).toContain("no-store");
    expect(res.body).toMatch(/^-----BEGIN BILLFOLD LICENSE-----\n[\s\S]+\n-----END BILLFOLD LICENSE-----\n$/);

    const payload = readLicenseFile(res.body, t.runtime.licenseKeys);
    const row = await t.db
      .selectFrom("subscriptions")
      .select(["term_start", "term_end"])
      .where("id", "=", subscription.id)
      .executeTakeFirstOrThrow();
    expect(payload).toMatchObject({
      v: 1,
      keyId: t.runtime.licenseKeys.current.keyId,
      licensee: { name: "Olive Owner", company: "Acme GmbH", email: owner.email },
      plan: { id: "premium" },
      seats: 3,
      subscriptions: [{ number: subscription.subscriptionNumber, start: row.term_start, end: row.term_end }],
      instanceId: null,
      expiresAt: `${addDays(row.term_end, LICENSE_GRACE_DAYS)}T00:00:00.000Z`,
    });
    expect(Math.abs(Date.parse(payload.issuedAt) - Date.now())).toBeLessThan(60_000);
    // Each file is its own: a second download has another id.
    const again = readLicenseFile((await owner.client.get(url(subscription.id))).body, t.runtime.licenseKeys);
    expect(again.licenseId).not.toBe(payload.licenseId);
    // A flipped byte in the payload breaks the signature.
    const flipped = res.body.replace(/\n(.)/, (_, c: string) => `\n${c === "A" ? "B" : "A"}`);
    expect(() => readLicenseFile(flipped, t.runtime.licenseKeys)).toThrow();
  });

  it("a SaaS subscription answers 409 wrong_deployment; an ended one 409 subscription_ended", async () => {
    const { owner, account } = await accountWithManagers(t);
    const saas = await buySubscription(owner, account.id, "saas");
    const wrong = await owner.client.get(url(saas.id));
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([409, "wrong_deployment"]);
    const selfManaged = await buySubscription(owner, account.id, "self_managed");
    for (const status of ["expired", "cancelled"] as const) {
      await t.db.updateTable("subscriptions").set({ status }).where("id", "=", selfManaged.id).execute();
      const ended = await owner.client.get(url(selfManaged.id));
      expect([ended.statusCode, ended.json().error.code]).toEqual([409, "subscription_ended"]);
    }
    await t.db.updateTable("subscriptions").set({ status: "past_due" }).where("id", "=", selfManaged.id).execute();
    expect((await owner.client.get(url(selfManaged.id))).statusCode).toBe(200);
  });

  it("R1: a reseller customer's manager downloads it; staff get 403, others 404, signed out 401", async () => {
    const { owner, account } = await accountWithManagers(t);
    const subscription = await buySubscription(owner, account.id, "self_managed");
    await resellerOwned(t, account.id);
    const res = await owner.client.get(url(subscription.id));
    expect(res.statusCode, res.body).toBe(200);
    expect(readLicenseFile(res.body, t.runtime.licenseKeys).seats).toBe(3);

    const staff = await signedInUser(t, { email: uniqueEmail("staff") });
    await t.db.updateTable("users").set({ staff_role: "support" }).where("id", "=", staff.id).execute();
    const stranger = await signedInUser(t, { email: uniqueEmail("stranger") });
    const byStaff = await staff.client.get(url(subscription.id));
    expect([byStaff.statusCode, byStaff.json().error.code]).toEqual([403, "staff_read_only"]);
    expect(byStaff.body).not.toContain("BILLFOLD LICENSE");
    const byStranger = await stranger.client.get(url(subscription.id));
    expect([byStranger.statusCode, byStranger.json().error.code]).toEqual([404, "subscription_not_found"]);
    expect((await t.client().get(url(subscription.id))).statusCode).toBe(401);
  });
});

describe("S3 license email (E1)", () => {
  /** An account whose billing contact and invoice recipients are other people than the subscription contact. */
  async function accountWithOtherRecipients() {
    const { owner, account } = await accountWithManagers(t);
    const billing = uniqueEmail("billing");
    const recipient = uniqueEmail("ap");
    const contacts = await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
      billingContact: { type: "custom", firstName: "Bill", lastName: "Payer", email: billing, address: ADDRESS },
    });
    expect(contacts.statusCode, contacts.body).toBe(200);
    const recipients = await owner.client.put(`/api/v1/billing-accounts/${account.id}/invoice-recipients`, {
      recipients: [{ email: recipient, kind: "to" }],
    });
    expect(recipients.statusCode, recipients.body).toBe(200);
    return { owner, account, others: [billing, recipient] };
  }

  it("on purchase the subscription contact gets the file attached and it verifies; invoice recipients do not", async () => {
    const { owner, account, others } = await accountWithOtherRecipients();
    const subscription = await buySubscription(owner, account.id, "self_managed");
    const mail = await t.smtp.waitForMail(isLicenseMail(subscription.subscriptionNumber));
    expect(mail.to).toContain(owner.email);
    expect(mail.attachments).toHaveLength(1);
    const [file] = mail.attachments;
    expect(file!.filename).toBe(`billfold-license-${subscription.subscriptionNumber}.txt`);
    expect(file!.contentType).toMatch(/^text\/plain/);
    const payload = readLicenseFile(file!.content.toString("utf8"), t.runtime.licenseKeys);
    expect(payload.subscriptions[0]!.number).toBe(subscription.subscriptionNumber);
    expect(payload.licensee.email).toBe(owner.email);
    // The invoice went to the others (so their mail was delivered); the license did not.
    for (const address of others) {
      await t.smtp.waitForMail((m) => m.to.includes(address) && m.subject.startsWith("Invoice"));
    }
    const licenseMails = licenseMailsOf(subscription.subscriptionNumber);
    expect(licenseMails).toHaveLength(1);
    for (const address of others) expect(licenseMails[0]!.to).not.toContain(address);
    expect(licenseMails[0]!.cc).toEqual([]);
  });

  it("a SaaS purchase sends no license", async () => {
    const { owner, account } = await accountWithManagers(t);
    const saas = await buySubscription(owner, account.id, "saas");
    await t.smtp.waitForMail((m) => m.to.includes(owner.email) && m.subject.includes(saas.subscriptionNumber));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(licenseMailsOf(saas.subscriptionNumber)).toHaveLength(0);
  });

  it("more seats bring a file with the new seat count; a renewal one for the new term", async () => {
    const { owner, account } = await accountWithManagers(t);
    const subscription = await buySubscription(owner, account.id, "self_managed");
    await t.smtp.waitForMail(isLicenseMail(subscription.subscriptionNumber));

    const addOn = await owner.client.post(
      `/api/v1/subscriptions/${subscription.id}/add-ons`,
      { kind: "seats", quantity: 2 },
      { "idempotency-key": `seats-${Date.now()}` },
    );
    expect(addOn.statusCode, addOn.body).toBe(201);
    const seatsMail = await t.smtp.waitForMail(
      (m) => isLicenseMail(subscription.subscriptionNumber)(m) && m.text.includes("more seats"),
    );
    expect(readLicenseFile(seatsMail.attachments[0]!.content.toString(), t.runtime.licenseKeys).seats).toBe(5);

    const today = toIsoDate(new Date());
    await t.db
      .updateTable("subscriptions")
      .set({ term_start: addDays(today, -365), term_end: today })
      .where("id", "=", subscription.id)
      .execute();
    expect((await runRenewals(billingDeps(t.runtime), today, { accountId: account.id })).renewed).toBe(1);
    const renewalMail = await t.smtp.waitForMail(
      (m) => isLicenseMail(subscription.subscriptionNumber)(m) && m.text.includes("has renewed"),
    );
    expect(renewalMail.to).toContain(owner.email);
    const renewed = readLicenseFile(renewalMail.attachments[0]!.content.toString(), t.runtime.licenseKeys);
    expect(renewed.subscriptions[0]!.start).toBe(today);
    expect(renewed.expiresAt.slice(0, 10)).toBe(addDays(renewed.subscriptions[0]!.end, LICENSE_GRACE_DAYS));
  });
});
