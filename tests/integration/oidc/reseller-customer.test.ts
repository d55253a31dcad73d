// R2 with I6, I9: a refused GitLab.com sign-in of a reseller customer says to contact the reseller.
// The provider proved the address, so the reason may be given; the redirect carries only a code
// (anyone can craft a URL with a query, so no reseller's name travels in it).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAccount } from "../../factories/accounts.js";
import { makeReseller } from "../../factories/billing.js";
import { signedInUser } from "../../factories/users.js";
import { landingOf, oidcTestbed, type Testbed } from "./testbed.js";

let bed: Testbed;
beforeAll(async () => {
  bed = await oidcTestbed();
});
afterAll(async () => {
  await bed?.close();
});

/** A user who manages the given accounts (reseller or direct), deactivated, with a linked GitLab.com identity. */
async function deactivatedCustomer(channels: ("reseller" | "direct")[]) {
  const account = bed.account();
  const browser = bed.browser();
  await bed.flow(browser, { loginAs: account.sub });
  const me = await bed.me(browser);
  const user = await signedInUser(bed.t, { email: me!.email });
  for (const channel of channels) {
    const created = await createAccount(user.client);
    if (channel === "reseller") await makeReseller(bed.t, created.id, "Partner Reseller Inc.");
  }
  await bed.t.db.updateTable("users").set({ login_activated: false }).where("id", "=", me!.id).execute();
  return { account, userId: me!.id };
}

it("R2/I6: a deactivated user whose accounts are all reseller accounts lands on reseller_login_not_activated", async () => {
  const { account, userId } = await deactivatedCustomer(["reseller"]);
  const later = bed.browser();
  const result = await bed.flow(later, { loginAs: account.sub });
  expect(landingOf(result)).toBe("/sign-in?oidc_error=reseller_login_not_activated");
  expect(later.cookie(bed.t.baseUrl, "billfold_session")).toBeUndefined();
  const failed = await bed.events(userId, ["auth.sign_in_failed"]);
  expect(failed.map((e) => e.summary.reason)).toEqual(["reseller_login_not_activated"]);
});

it("R2/I6: with a direct account among them, the generic login_deactivated", async () => {
  const { account } = await deactivatedCustomer(["reseller", "direct"]);
  const result = await bed.flow(bed.browser(), { loginAs: account.sub });
  expect(landingOf(result)).toBe("/sign-in?oidc_error=login_deactivated");
});
