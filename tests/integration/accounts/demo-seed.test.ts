// `billfold seed --demo`: two direct accounts sharing a manager, a pending invitation and a custom
// billing contact; running it again changes nothing.
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
  expect(await t.db.selectFrom("billing_accounts").select("id").execute()).toHaveLength(2);

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
