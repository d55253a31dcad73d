// B4, B6: invoices. Numbers are unique and gapless within their series, also when purchases race
// (20 accounts at once; 5 purchases on one account at once); a finalised invoice is immutable —
// its PDF is rendered from the snapshot taken at finalisation, so changing the account's address
// and tax ID later leaves it byte for byte the same, and the database itself refuses to update or
// delete the row; other people's invoices are not found, reseller accounts see none (R1).
import { sql } from "kysely";
import { PDFParse } from "pdf-parse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountWithManagers, type TestUser } from "../../factories/accounts.js";
import { addCard, CARDS, makeReseller, purchaseBody } from "../../factories/billing.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

let keys = 0;
const key = () => ({ "idempotency-key": `invoice-test-${Date.now()}-${++keys}` });

async function buyer(): Promise<{ owner: TestUser; accountId: string }> {
  const { account, owner } = await accountWithManagers(t);
  await addCard(owner.client, account.id);
  return { owner, accountId: account.id };
}

async function purchase(owner: TestUser, accountId: string, seats = 3) {
  const res = await owner.client.post("/api/v1/purchases", purchaseBody(accountId, { seats }), key());
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { subscription: { id: string }; invoice: { id: string; invoiceNumber: string } };
}

/** Every invoice's place in the INV series, in order. */
async function allSequenceValues(): Promise<number[]> {
  const rows = await t.db
    .selectFrom("invoices")
    .select("sequence_value")
    .where("series", "=", "INV")
    .orderBy("sequence_value")
    .execute();
  return rows.map((r) => Number(r.sequence_value));
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

function expectContiguous(values: number[]): void {
  const sorted = [...values].sort((a, b) => a - b);
  expect(sorted).toEqual(range(sorted[0]!, sorted.length));
}

async function chargeCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*)::text as n from sandbox_gateway_charges
    where outcome = 'succeeded'`.execute(t.db);
  return Number(rows[0]!.n);
}

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe("invoice numbers (B4)", () => {
  it("stay unique and gapless under 20 concurrent purchases on different accounts", async () => {
    const buyers = [];
    for (let i = 0; i < 20; i++) buyers.push(await buyer());
    // Declined purchases race with them: a refusal must not take (and so skip) a number.
    const decliners = [];
    for (let i = 0; i < 5; i++) {
      const { account, owner } = await accountWithManagers(t);
      await addCard(owner.client, account.id, CARDS.declined);
      decliners.push({ owner, accountId: account.id });
    }
    const before = await allSequenceValues();
    const started = Date.now();
    const [answers, declines] = await Promise.all([
      Promise.all(
        buyers.map(({ owner, accountId }) => owner.client.post("/api/v1/purchases", purchaseBody(accountId), key())),
      ),
      Promise.all(
        decliners.map(({ owner, accountId }) => owner.client.post("/api/v1/purchases", purchaseBody(accountId), key())),
      ),
    ]);
    console.info(`20 concurrent purchases (+5 declines) took ${Date.now() - started} ms`);
    expect(answers.map((a) => a.statusCode)).toEqual(buyers.map(() => 201));
    expect(declines.map((a) => a.statusCode)).toEqual(decliners.map(() => 402));
    const numbers = answers.map((a) => a.json().invoice.invoiceNumber as string);
    expect(new Set(numbers).size).toBe(20);

    const rows = await t.db
      .selectFrom("invoices")
      .select(["invoice_number", "sequence_value"])
      .where("invoice_number", "in", numbers)
      .execute();
    const values = rows.map((r) => Number(r.sequence_value));
    // The 20 new numbers are exactly the 20 after the ones taken before, in some order.
    expect([...values].sort((a, b) => a - b)).toEqual(range((before.at(-1) ?? 0) + 1, 20));
    for (const row of rows) expect(row.invoice_number).toBe(`INV-${String(row.sequence_value).padStart(6, "0")}`);
    // And the whole series has no hole.
    const all = await allSequenceValues();
    expect(all).toEqual(range(1, all.length));
  });

  it("5 purchases on one account at once with different keys: 5 subscriptions, 5 invoices, 5 charges", async () => {
    const { owner, accountId } = await buyer();
    const charges = await chargeCount();
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((seats) => owner.client.post("/api/v1/purchases", purchaseBody(accountId, { seats }), key())),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const subscriptions = await t.db
      .selectFrom("subscriptions")
      .select(["id", "seats"])
      .where("billing_account_id", "=", accountId)
      .execute();
    expect(subscriptions.map((s) => s.seats).sort()).toEqual([1, 2, 3, 4, 5]);
    const invoices = await t.db
      .selectFrom("invoices")
      .select(["sequence_value", "total_minor", "subscription_id"])
      .where("billing_account_id", "=", accountId)
      .execute();
    expect(invoices).toHaveLength(5);
    expect(new Set(invoices.map((i) => i.subscription_id))).toEqual(new Set(subscriptions.map((s) => s.id)));
    expect(invoices.map((i) => Number(i.total_minor)).sort((a, b) => a - b)).toEqual(
      [1, 2, 3, 4, 5].map((n) => n * 34_800),
    );
    expectContiguous(invoices.map((i) => Number(i.sequence_value)));
    expect(await chargeCount()).toBe(charges + 5);
    const all = await allSequenceValues();
    expect(all).toEqual(range(1, all.length));
  });
});

describe("a finalised invoice is immutable (B4)", () => {
  it("its PDF is byte for byte the same after the account's address and tax ID change", async () => {
    const { owner, accountId } = await buyer();
    const { invoice } = await purchase(owner, accountId);
    const url = `/api/v1/invoices/${invoice.id}/pdf`;
    const before = await owner.client.get(url);
    expect(before.statusCode).toBe(200);
    expect(before.headers["content-type"]).toBe("application/pdf");
    expect(before.headers["content-disposition"]).toBe(`attachment; filename="${invoice.invoiceNumber}.pdf"`);

    const changed = await owner.client.patch(`/api/v1/billing-accounts/${accountId}`, {
      companyName: "Acme Polska sp. z o.o.",
      taxId: "PL5260250274",
      address: { line1: "ul. Piotrkowska 1", city: "Łódź", postalCode: "90-001", country: "PL" },
    });
    expect(changed.statusCode, changed.body).toBe(200);

    const after = await owner.client.get(url);
    expect(after.statusCode).toBe(200);
    expect(Buffer.compare(after.rawPayload, before.rawPayload)).toBe(0);

    const text = await pdfText(after.rawPayload);
    expect(text).toContain(invoice.invoiceNumber);
    expect(text).toContain("Acme GmbH");
    expect(text).toContain("1 Main Street");
    expect(text).toContain("Berlin");
    expect(text).not.toContain("Łódź");
    expect(text).not.toContain("PL5260250274");
    // A new invoice does take the new details.
    const next = await purchase(owner, accountId, 1);
    const nextText = await pdfText((await owner.client.get(`/api/v1/invoices/${next.invoice.id}/pdf`)).rawPayload);
    expect(nextText).toContain("Łódź");
    expect(nextText).toContain("PL5260250274");
  });

  it("the database refuses to update or delete a finalised invoice row", async () => {
    const { owner, accountId } = await buyer();
    const { invoice } = await purchase(owner, accountId);
    await expect(
      // Raw SQL: the application's types already forbid it, the database must too.
      sql`update invoices set total_minor = 1, subtotal_minor = 1 where id = ${invoice.id}`.execute(t.db),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`update invoices set snapshot = '{}'::jsonb where id = ${invoice.id}`.execute(t.db),
    ).rejects.toThrow(/immutable/);
    await expect(t.db.deleteFrom("invoices").where("id", "=", invoice.id).execute()).rejects.toThrow(/immutable/);
    const row = await t.db
      .selectFrom("invoices")
      .select(["invoice_number", "total_minor"])
      .where("id", "=", invoice.id)
      .executeTakeFirstOrThrow();
    expect([row.invoice_number, Number(row.total_minor)]).toEqual([invoice.invoiceNumber, 3 * 34_800]);
  });
});

describe("who sees an invoice (A2, R1)", () => {
  it("another account's invoice is not found; a reseller account gets 403 reseller_read_only", async () => {
    const mine = await buyer();
    const { invoice } = await purchase(mine.owner, mine.accountId);
    const other = await buyer();
    for (const path of [`/api/v1/invoices/${invoice.id}`, `/api/v1/invoices/${invoice.id}/pdf`]) {
      const res = await other.owner.client.get(path);
      expect([res.statusCode, res.json().error.code]).toEqual([404, "invoice_not_found"]);
    }
    const theirList = await other.owner.client.get(`/api/v1/billing-accounts/${mine.accountId}/invoices`);
    expect(theirList.statusCode).toBe(404);

    // Staff read (A2): the list, the invoice and its PDF.
    const staff = await signedInUser(t, { email: uniqueEmail("staff") });
    await t.db.updateTable("users").set({ staff_role: "support" }).where("id", "=", staff.id).execute();
    const staffList = await staff.client.get(`/api/v1/billing-accounts/${mine.accountId}/invoices`);
    expect(staffList.json().invoices.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    expect((await staff.client.get(`/api/v1/invoices/${invoice.id}/pdf`)).headers["content-type"]).toBe(
      "application/pdf",
    );

    await makeReseller(t, mine.accountId, "Partner Reseller Inc.");
    for (const path of [
      `/api/v1/billing-accounts/${mine.accountId}/invoices`,
      `/api/v1/invoices/${invoice.id}`,
      `/api/v1/invoices/${invoice.id}/pdf`,
    ]) {
      const res = await mine.owner.client.get(path);
      expect([res.statusCode, res.json().error.code]).toEqual([403, "reseller_read_only"]);
      expect(res.json().error.message).toContain("Partner Reseller Inc.");
    }
  });
});
