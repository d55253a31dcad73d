// `billfold seed --demo`: two direct accounts sharing a manager, a pending invitation and a custom
// billing contact, a reseller customer's account, and money on Northwind (cards, subscriptions,
// paid invoices) with its subscriptions in use (a linked group, an activated instance); running it
// again changes nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemo } from "../../../src/server/cli/seed.js";
import { signInByLink } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it("seeds demo billing accounts once, usable through the API", async () => {
  const result = await seedDemo(t.db, { onlyIfEmpty: false });
  expect(result?.emails).toEqual(["alex@demo.billfold.test", "sam@demo.billfold.test", "jordan@demo.billfold.test"]);
  await seedDemo(t.db, { onlyIfEmpty: false });
  expect(await t.db.selectFrom("billing_accounts").select("id").execute()).toHaveLength(3);
  expect(await t.db.selectFrom("invoices").select("id").execute()).toHaveLength(3);

  const alex = await signInByLink(t, "alex@demo.billfold.test");
  const accounts = (await alex.get("/api/v1/billing-accounts")).json().billingAccounts;
  expect(accounts.map((a: { companyName: string }) => a.companyName)).toEqual([
    "Contoso GmbH",
    "Northwind Traders Inc.",
  ]);
  const [contoso, northwind] = accounts;
  const invitations = (await alex.get(`/api/v1/billing-accounts/${northwind.id}/invitations`)).json().invitations;
  expect(invitations).toEqual([expect.objectContaining({ email: "taylor@demo.billfold.test", state: "pending" })]);
  const contacts = (await alex.get(`/api/v1/billing-accounts/${contoso.id}/contacts`)).json();
  expect(contacts.billingContact).toMatchObject({ type: "custom", email: "ap@contoso.example" });
  expect(contacts.subscriptionContact).toMatchObject({ email: "sam@demo.billfold.test", firstName: "Sam" });
  expect((await alex.get(`/api/v1/billing-accounts/${contoso.id}`)).json().warnings).toEqual([]);
});

it("seeds money a customer can look at: cards, a SaaS and a self-managed subscription, invoices; a reseller account", async () => {
  await seedDemo(t.db, { onlyIfEmpty: false });
  const alex = await signInByLink(t, "alex@demo.billfold.test");
  const accounts = (await alex.get("/api/v1/billing-accounts")).json().billingAccounts;
  const northwind = accounts.find((a: { companyName: string }) => a.companyName === "Northwind Traders Inc.");
  const cards = (await alex.get(`/api/v1/billing-accounts/${northwind.id}/payment-methods`)).json().paymentMethods;
  expect(cards.map((c: { last4: string; isDefault: boolean }) => [c.last4, c.isDefault])).toEqual([
    ["4242", true],
    ["4444", false],
  ]);
  const subscriptions = (await alex.get(`/api/v1/billing-accounts/${northwind.id}/subscriptions`)).json().subscriptions;
  expect(subscriptions.map((s: { deployment: string; seats: number }) => [s.deployment, s.seats]).sort()).toEqual([
    ["saas", 25],
    ["self_managed", 15],
  ]);
  // S2, S4: the SaaS one is linked to a group, the self-managed one activated on an instance.
  const saas = subscriptions.find((s: { deployment: string }) => s.deployment === "saas");
  const selfManaged = subscriptions.find((s: { deployment: string }) => s.deployment === "self_managed");
  expect(saas.namespace).toBe("northwind-traders");
  expect(selfManaged.activation).toMatchObject({ instanceId: "northwind-gitlab-01" });
  expect(selfManaged.activationCode).toMatch(/^[A-Z2-9]{24}$/);
  const invoices = (await alex.get(`/api/v1/billing-accounts/${northwind.id}/invoices`)).json().invoices;
  expect(invoices.map((i: { kind: string }) => i.kind).sort()).toEqual(["add_on", "purchase", "purchase"]);
  const pdf = await alex.get(invoices[0].pdfUrl);
  expect(pdf.headers["content-type"]).toBe("application/pdf");

  const jordan = await signInByLink(t, "jordan@demo.billfold.test");
  const fabrikam = (await jordan.get("/api/v1/billing-accounts"))
    .json()
    .billingAccounts.find((a: { companyName: string }) => a.companyName === "Fabrikam Ltd");
  expect(fabrikam).toMatchObject({ channel: "reseller", resellerName: "Partner Reseller Inc." });
  const resold = (await jordan.get(`/api/v1/billing-accounts/${fabrikam.id}/subscriptions`)).json().subscriptions;
  // R1: the reseller's subscription, not linked yet: its customer links it.
  expect(resold).toEqual([
    expect.objectContaining({
      invoiceOwner: "reseller",
      resellerName: "Partner Reseller Inc.",
      deployment: "saas",
      namespace: null,
    }),
  ]);
  expect((await jordan.get(`/api/v1/billing-accounts/${fabrikam.id}/invoices`)).statusCode).toBe(403);
});
