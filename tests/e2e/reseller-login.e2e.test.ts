// R2 with I6: under RESELLER_CUSTOMER_LOGIN=disabled a reseller customer who accepts an invitation
// becomes a manager but is not signed in, and every page that refuses them says whom to contact.
import type { Page } from "playwright-core";
import { beforeEach, expect, it } from "vitest";
import { accountWithManagers, inviteWithLink, managerIds } from "../factories/accounts.js";
import { makeReseller } from "../factories/billing.js";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, screenshot, signInLinkFor, uniqueEmail } from "./helpers.js";

const RESELLER = "Partner Reseller Inc.";

describeInBrowser("R2: reseller customers with sign-in not activated", () => {
  const { server, newPage } = useBrowserTest({ env: { RESELLER_CUSTOMER_LOGIN: "disabled" } });
  let page: Page;

  beforeEach(async () => {
    page = await newPage();
  });

  it("accepting makes a manager who is told to contact the reseller; the sign-in link says the same", async () => {
    const email = uniqueEmail("customer");
    // A sign-up link asked for before accepting: redeeming it afterwards must refuse, naming the reseller.
    expect((await server().client().post("/api/v1/auth/sign-in-link", { email })).statusCode).toBe(202);
    const signInLink = await signInLinkFor(server().smtp, email);
    const { account, owner } = await accountWithManagers(server(), 0);
    await makeReseller(server(), account.id, RESELLER);
    const { token } = await inviteWithLink(server(), owner, account.id, email);

    await page.goto(`${server().baseUrl}/invitations/${token}`);
    // Told before accepting that it will not sign them in.
    await page.getByText(`Contact your reseller ${RESELLER} for access.`).waitFor();
    await screenshot(page, "reseller-invitation-before-accepting");
    await page.getByRole("button", { name: "Accept invitation" }).click();
    const notice = page.getByRole("alert").filter({ hasText: "Sign-in is not activated" });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Contact your reseller ${RESELLER}`);
    await page.getByText(`You are now a manager of ${account.companyName}.`).waitFor();
    // Not signed in: no account menu.
    expect(await page.getByRole("button", { name: /Account menu/ }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, "reseller-invitation-accepted-login-not-activated");
    expect((await managerIds(server(), account.id)).length).toBe(2);

    await page.goto(signInLink);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const refused = page.getByRole("alert").filter({ hasText: "You cannot sign in" });
    await refused.waitFor();
    expect(await refused.textContent()).toContain(`Contact your reseller ${RESELLER}`);
    // Pressing again would be refused again: the button is gone.
    expect(await page.getByRole("button", { name: "Sign in", exact: true }).count()).toBe(0);
    await screenshot(page, "reseller-sign-in-refused");
  });

  it("the sign-in page explains a refused GitLab.com sign-in of a reseller customer, naming no one", async () => {
    await page.goto(`${server().baseUrl}/sign-in?oidc_error=reseller_login_not_activated`);
    const alert = page.getByRole("alert").filter({ hasText: "Sign-in is not activated" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Contact your reseller for access.");
    await screenshot(page, "sign-in-reseller-login-not-activated");
  });
});
