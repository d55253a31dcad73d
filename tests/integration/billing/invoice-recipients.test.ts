// B8: invoice recipients get invoices by email without portal access: the billing contact's mail
// is copied to the Cc recipients, each To recipient gets one, and every copy carries the PDF.
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers } from "../../factories/accounts.js";
import { addCard, makeReseller, purchaseBody } from "../../factories/billing.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("invoice recipients", () => {
  it("are set by a manager, recorded, and receive the invoice with its PDF", async () => {
    const { account, owner } = await accountWithManagers(t);
    const url = `/api/v1/billing-accounts/${account.id}/invoice-recipients`;
    const put = await owner.client.put(url, {
      recipients: [
        { email: "ap@customer.example", kind: "to" },
        { email: "controller@customer.example", kind: "cc" },
        { email: "AP@Customer.example", kind: "cc" },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().recipients).toEqual([
      { email: "ap@customer.example", kind: "to" },
      { email: "controller@customer.example", kind: "cc" },
    ]);
    expect((await owner.client.get(url)).json()).toEqual(put.json());
    const events = await t.db
      .selectFrom("events")
      .select("action")
      .where("billing_account_id", "=", account.id)
      .execute();
    expect(events.map((e) => e.action)).toContain("billing_account.invoice_recipients_updated");

    await addCard(owner.client, account.id);
    const bought = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), {
      "idempotency-key": `ir-${Date.now()}`,
    });
    const number: string = bought.json().invoice.invoiceNumber;
    const toContact = await t.smtp.waitForMail((m) => m.subject === `Invoice ${number}` && m.to.includes(owner.email));
    expect(toContact.cc).toEqual(["controller@customer.example"]);
    const toAp = await t.smtp.waitForMail((m) => m.subject === `Invoice ${number}` && m.to === "ap@customer.example");
    for (const mail of [toContact, toAp]) {
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`${number}.pdf`, "application/pdf"]]);
    }
    const parser = new PDFParse({ data: new Uint8Array(toAp.attachments[0]!.content) });
    expect((await parser.getText()).text).toContain(number);
    await parser.destroy();
  });

  it("refuse bad addresses and more than ten, and answer 403 on reseller accounts", async () => {
    const { account, owner } = await accountWithManagers(t);
    const url = `/api/v1/billing-accounts/${account.id}/invoice-recipients`;
    expect((await owner.client.put(url, { recipients: [{ email: "not an address", kind: "to" }] })).statusCode).toBe(
      400,
    );
    const eleven = Array.from({ length: 11 }, (_, i) => ({ email: `r${i}@customer.example`, kind: "cc" }));
    expect((await owner.client.put(url, { recipients: eleven })).statusCode).toBe(400);
    await makeReseller(t, account.id);
    expect((await owner.client.get(url)).json().error.code).toBe("reseller_read_only");
  });
});
