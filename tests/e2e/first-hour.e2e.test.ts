// Issue 13, the rough edges of the first hour: invitations where an invited person lands (#6),
// the currency that follows the country (#7), copying the company address (#8), addresses in the
// country's order (#9), cancelling an email change, the unsaved-changes question, toasts clear of
// the primary button, no linked-accounts card without GitLab sign-in (#13).
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { createAccount, invite } from "../factories/accounts.js";
import { signedInUser } from "../factories/users.js";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { screenshot, uniqueEmail } from "./helpers.js";

type Box = { x: number; y: number; width: number; height: number };

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describeInBrowser("the first hour", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;

  it("shows an invitation on the profile where an invited person without an account lands; the toast leaves the primary button free", async () => {
    const olive = await signedInUser(server(), { email: uniqueEmail("owner"), firstName: "Olive", lastName: "Owner" });
    const account = await createAccount(olive.client, { companyName: "Initech" });
    const dana = await signedInUser(server(), { email: uniqueEmail("dana") });
    await invite(olive.client, account.id, dana.email);
    await createAccount(olive.client, { companyName: "Globex" });
    const globex = (await olive.client.get("/api/v1/billing-accounts"))
      .json()
      .billingAccounts.find((a: { companyName: string }) => a.companyName === "Globex");
    await invite(olive.client, globex.id, dana.email);

    page = await newPage({ user: dana });
    await page.goto(server().baseUrl);
    await page.waitForURL(`${server().baseUrl}/profile`);
    const onProfile = page.getByRole("region", { name: "Invitations for you" });
    await onProfile.getByText("Initech").waitFor();
    await onProfile.getByRole("button", { name: "Accept the invitation to Initech" }).waitFor();
    await screenshot(page, "profile-invited");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing accounts" }).click();
    const onAccounts = page.getByRole("region", { name: "Invitations for you" });
    await onAccounts.getByRole("button", { name: "Decline the invitation to Globex" }).click();
    const toast = page.getByRole("alert").filter({ hasText: "You declined the invitation to Globex." });
    await toast.waitFor();
    const toastBox = await toast.boundingBox();
    const primary = await page.getByRole("button", { name: "New billing account" }).boundingBox();
    expect(toastBox && primary).toBeTruthy();
    if (toastBox && primary) expect(overlaps(toastBox, primary)).toBe(false);
  });

  it("creating an account: the currency follows the country until chosen; an empty country says so", async () => {
    const olive = await signedInUser(server(), { email: uniqueEmail("owner"), firstName: "Olive", lastName: "Owner" });
    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts`);
    await page.getByRole("button", { name: "Create a billing account" }).click();
    const dialog = page.getByRole("dialog", { name: "New billing account" });
    const currency = dialog.getByRole("combobox", { name: "Currency" });
    const country = dialog.getByRole("combobox", { name: "Country" });
    const chooseCountry = async (typed: string, name: string) => {
      await country.fill(typed);
      await page.getByRole("option", { name, exact: true }).click();
    };

    await dialog.getByRole("button", { name: "Create billing account" }).click();
    await dialog.getByText("Choose a country").waitFor();
    expect(await dialog.getByText(/ISO 3166/).count()).toBe(0);

    await chooseCountry("Germ", "Germany");
    await expect.poll(() => currency.inputValue()).toBe("EUR · Euro");
    await chooseCountry("United King", "United Kingdom");
    await expect.poll(() => currency.inputValue()).toBe("GBP · British Pound");
    await chooseCountry("Fran", "France");
    await expect.poll(() => currency.inputValue()).toBe("EUR · Euro");

    // Once the person picks a currency, the country no longer changes it.
    await currency.fill("CHF");
    await page.getByRole("option", { name: /^CHF/ }).click();
    await chooseCountry("United St", "United States");
    expect(await currency.inputValue()).toMatch(/^CHF/);

    await dialog.getByLabel("Company name").fill("Soylent Corp");
    await dialog.getByLabel("Address line 1").fill("1 Market Street");
    await dialog.getByLabel("Postal code").fill("94105");
    await dialog.getByLabel("City").fill("San Francisco");
    await dialog.getByLabel("State or region").fill("CA");
    await dialog.getByRole("button", { name: "Create billing account" }).click();
    await page.getByRole("heading", { level: 1, name: "Soylent Corp" }).waitFor();
    const company = page.getByRole("region", { name: "Company" });
    // US order: city, state and ZIP on one line (#9).
    await company.getByText("San Francisco, CA 94105").waitFor();
    await company.getByText("CHF · Swiss Franc").waitFor();
  });

  it("a custom billing contact copies the company address; leaving with unsaved contacts asks first", async () => {
    const olive = await signedInUser(server(), { email: uniqueEmail("owner"), firstName: "Olive", lastName: "Owner" });
    const account = await createAccount(olive.client, {
      companyName: "Hooli Inc",
      address: { line1: "Friedrichstraße 68", city: "Berlin", postalCode: "10117", country: "DE" },
    });
    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/settings`);
    const billing = page.getByRole("region", { name: "Billing contact", exact: true });
    await billing.getByRole("radio", { name: "Custom contact" }).check();
    await billing.getByRole("button", { name: "Copy company address" }).click();
    expect(await billing.getByLabel("Address line 1").inputValue()).toBe("Friedrichstraße 68");
    expect(await billing.getByLabel("Postal code").inputValue()).toBe("10117");
    expect(await billing.getByLabel("City").inputValue()).toBe("Berlin");
    expect(await billing.getByRole("combobox", { name: "Country" }).inputValue()).toBe("Germany");
    await screenshot(page, "settings-copy-address");

    const tabs = page.getByRole("navigation", { name: "Billing account sections" });
    await tabs.getByRole("link", { name: "Overview" }).click();
    const ask = page.getByRole("dialog", { name: "Leave without saving?" });
    await ask.getByRole("button", { name: "Stay on this page" }).click();
    expect(new URL(page.url()).pathname).toMatch(/\/settings$/);
    expect(await billing.getByLabel("City").inputValue()).toBe("Berlin");

    await tabs.getByRole("link", { name: "Overview" }).click();
    await ask.getByRole("button", { name: "Leave without saving" }).click();
    await page.waitForURL(`${server().baseUrl}/billing-accounts/${account.id}`);
  });

  it("cancels a pending email change; no linked-accounts card without GitLab sign-in", async () => {
    const ada = await signedInUser(server(), { email: uniqueEmail("ada"), firstName: "Ada", lastName: "Lovelace" });
    const typo = uniqueEmail("ada-typo");
    page = await newPage({ user: ada });
    await page.goto(`${server().baseUrl}/profile`);
    await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
    expect(await page.getByRole("region", { name: "Linked accounts" }).count()).toBe(0);
    // The header names the person (#10).
    await page.getByRole("button", { name: "Account menu for Ada Lovelace" }).waitFor();

    await page.getByLabel("New email address").fill(typo);
    await page.getByRole("button", { name: "Change email" }).click();
    const pending = page.getByText("Change waiting for confirmation");
    await pending.waitFor();
    await page.getByRole("button", { name: "Cancel change" }).click();
    await page.getByText(`The change to ${typo} was cancelled.`, { exact: false }).waitFor();
    await expect.poll(() => pending.count()).toBe(0);
    expect((await ada.client.get("/api/v1/me")).json().pendingEmail).toBeNull();
  });
});
