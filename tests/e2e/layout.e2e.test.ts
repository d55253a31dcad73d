// Issue 13: every page works at phone width (390 px) and at 1280 px — the header's menu button,
// tables as cards, no sideways scrolling, the contact badges clear of the next column — and axe
// finds no serious or critical violation on any page, menus and switcher open (WCAG 2.1 AA).
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { addManager, createAccount, invite, inviteWithLink } from "../factories/accounts.js";
import { signedInUser } from "../factories/users.js";
import { DESKTOP, describeInBrowser, PHONE, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, fitsWidth, screenshot, uniqueEmail } from "./helpers.js";

describeInBrowser("layout at phone and desktop width", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;

  /** An owner of two accounts (so the switcher shows), with a second manager and an invitation. */
  async function scene() {
    const owner = await signedInUser(server(), {
      email: uniqueEmail("owner"),
      firstName: "Olivia",
      lastName: "Okafor",
    });
    const account = await createAccount(owner.client, {
      companyName: "Northwind Traders GmbH",
      address: { line1: "Friedrichstraße 68", city: "Berlin", postalCode: "10117", country: "DE" },
      currency: "EUR",
    });
    await createAccount(owner.client, { companyName: "Northwind Labs Ltd", currency: "GBP" });
    const ben = await addManager(server(), owner.client, account.id, { firstName: "Ben", lastName: "Schmidt" });
    await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: owner.id, firstName: "Olivia", lastName: "Okafor" },
      billingContact: { type: "subscription_contact" },
    });
    await invite(owner.client, account.id, uniqueEmail("finance"));
    return { owner, account, ben };
  }

  it("phone: removes a manager from the managers cards, then signs out from the menu", async () => {
    const { owner, account, ben } = await scene();
    page = await newPage({ viewport: PHONE, user: owner });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    const managers = page.getByRole("list", { name: "Managers" });
    const benCard = managers.getByRole("listitem").filter({ hasText: ben.email });
    await benCard.getByText("Manager since").waitFor();
    // The roles and the action are on screen, not behind sideways scrolling.
    const ownerCard = managers.getByRole("listitem").filter({ hasText: owner.email });
    await ownerCard.getByText("Subscription contact", { exact: true }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    const remove = benCard.getByRole("button", { name: "Remove Ben Schmidt" });
    const box = await remove.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await screenshot(page, "managers-phone");

    await remove.click();
    await page
      .getByRole("dialog", { name: "Remove Ben Schmidt?" })
      .getByRole("button", { name: "Remove manager" })
      .click();
    await expect.poll(() => managers.getByRole("listitem").filter({ hasText: ben.email }).count()).toBe(0);

    await page.getByRole("button", { name: "Open menu" }).click();
    const menu = page.getByRole("dialog", { name: "Menu" });
    await menu.getByRole("link", { name: "Profile" }).waitFor();
    await menu.getByRole("link", { name: /Northwind Labs Ltd/ }).waitFor();
    await screenshot(page, "menu-phone", { fullPage: false });
    await expectNoSeriousA11yViolations(page);
    await menu.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${server().baseUrl}/sign-in`);
    await page.goto(`${server().baseUrl}/billing-accounts`);
    await page.waitForURL(/\/sign-in/);
  });

  it("phone: the menu's account switcher keeps the section", async () => {
    const { owner, account } = await scene();
    page = await newPage({ viewport: PHONE, user: owner });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/settings`);
    await page.getByRole("heading", { level: 1, name: "Northwind Traders GmbH" }).waitFor();
    await page.getByRole("button", { name: "Open menu" }).click();
    await page
      .getByRole("dialog", { name: "Menu" })
      .getByRole("link", { name: /Northwind Labs Ltd/ })
      .click();
    await page.getByRole("heading", { level: 1, name: "Northwind Labs Ltd" }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/\/settings$/);
    await expect.poll(() => page.getByRole("dialog", { name: "Menu" }).count()).toBe(0);
  });

  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    it(`${label}: every page fits the width and passes axe`, async () => {
      const { owner, account } = await scene();
      const { token } = await inviteWithLink(server(), owner, account.id, uniqueEmail("guest"));
      page = await newPage({ viewport, user: owner });
      const base = `${server().baseUrl}/billing-accounts/${account.id}`;
      const pages: [string, string, string][] = [
        ["billing-accounts", `${server().baseUrl}/billing-accounts`, "Billing accounts"],
        ["account-overview", base, "Northwind Traders GmbH"],
        ["managers", `${base}/managers`, "Northwind Traders GmbH"],
        ["settings", `${base}/settings`, "Northwind Traders GmbH"],
        ["account-activity", `${base}/activity`, "Northwind Traders GmbH"],
        ["profile", `${server().baseUrl}/profile`, "Profile"],
      ];
      for (const [name, url, heading] of pages) {
        await page.goto(url);
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await page.waitForLoadState("networkidle");
        expect(await fitsWidth(page), `${name} fits ${viewport.width} px`).toBe(true);
        await expectNoSeriousA11yViolations(page);
        await screenshot(page, `${name}-${label}`);
      }

      // Signed-out pages: sign-in and an invitation link.
      const guest = await newPage({ viewport });
      page = guest;
      for (const [name, url, heading] of [
        ["sign-in", `${server().baseUrl}/sign-in`, "Sign in to Billfold"],
        ["invitation", `${server().baseUrl}/invitations/${token}`, "Join Northwind Traders GmbH"],
      ] as const) {
        await guest.goto(url);
        await guest.getByRole("heading", { level: 1, name: heading }).waitFor();
        expect(await fitsWidth(guest), `${name} fits ${viewport.width} px`).toBe(true);
        await expectNoSeriousA11yViolations(guest);
        await screenshot(guest, `${name}-${label}`);
      }
    });
  }

  it("desktop: the open account switcher and user menu pass axe; the switcher keeps the section", async () => {
    const { owner, account } = await scene();
    page = await newPage({ viewport: DESKTOP, user: owner });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    await page.getByRole("heading", { level: 2, name: "Billing account managers" }).waitFor();
    await page.getByRole("button", { name: /Switch billing account/ }).click();
    const labs = page.getByRole("link", { name: /Northwind Labs Ltd/ });
    await labs.waitFor();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, "account-switcher-open");
    await labs.click();
    await page.getByRole("heading", { level: 1, name: "Northwind Labs Ltd" }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/\/managers$/);

    // The header names the person, not their address.
    await page.getByRole("button", { name: "Account menu for Olivia Okafor" }).click();
    await page.getByRole("menuitem", { name: "Sign out", exact: true }).waitFor();
    await expectNoSeriousA11yViolations(page);
  });

  it("desktop: the billing contact badge does not run into the Manager since date", async () => {
    const { owner, account, ben } = await scene();
    // Both badges on one manager: the widest the contact role column gets.
    await owner.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: owner.id, firstName: "Olivia", lastName: "Okafor" },
      billingContact: { type: "manager", userId: owner.id, firstName: "Olivia", lastName: "Okafor" },
    });
    page = await newPage({ viewport: DESKTOP, user: owner });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    const row = page.getByRole("row").filter({ hasText: owner.email });
    const badge = row.getByText("Billing contact", { exact: true });
    await badge.waitFor();
    await page.getByRole("row").filter({ hasText: ben.email }).waitFor();
    const badgeBox = await badge.boundingBox();
    const sinceBox = await row.getByRole("cell").nth(3).boundingBox();
    expect(badgeBox && sinceBox).toBeTruthy();
    if (!badgeBox || !sinceBox) return;
    expect(badgeBox.x + badgeBox.width).toBeLessThanOrEqual(sinceBox.x);
  });

  it("keyboard: a skip link comes first, and focus moves to the page heading after navigation", async () => {
    const { owner, account } = await scene();
    page = await newPage({ viewport: DESKTOP, user: owner });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}`);
    await page.getByRole("heading", { level: 1, name: "Northwind Traders GmbH" }).waitFor();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    await page.getByRole("link", { name: "Managers", exact: true }).click();
    await page.getByRole("heading", { level: 2, name: "Billing account managers" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Northwind Traders GmbH");
  });
});
