// Billing account pages in a real Chromium against the real server: inviting a manager by email
// and accepting without a profile and with one (A4, A5), removing a manager through the dialog and
// the disabled button with its reason (A7), a custom billing contact (A8), axe on the pages.
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { addManager, createAccount, invite, managerIds } from "../factories/accounts.js";
import { signedInUser } from "../factories/users.js";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, screenshot, signInLinkFor, uniqueEmail } from "./helpers.js";

describeInBrowser("billing account pages", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;

  const owner = (firstName = "Olive", lastName = "Owner") =>
    signedInUser(server(), { email: uniqueEmail("owner"), firstName, lastName });

  const invitationLinkFor = async (email: string) => {
    const mail = await server().smtp.waitForMail(
      (m) => m.to.toLowerCase() === email.toLowerCase() && m.text.includes("/invitations/"),
    );
    return server().smtp.linkIn(mail, "/invitations/");
  };

  const acceptedMailTo = (email: string) =>
    server().smtp.waitForMail(
      (m) => m.to.toLowerCase() === email.toLowerCase() && /is now a manager of/.test(m.subject),
    );

  const managersRow = (p: Page, email: string) => p.getByRole("row").filter({ hasText: email });

  /** A full-page screenshot from the top, so the fixed header sits where it belongs. */
  const screenshotFromTop = async (p: Page, name: string) => {
    await p.evaluate(() => window.scrollTo(0, 0));
    await screenshot(p, name);
  };

  it("invites someone without a profile, who accepts from the email in one step (A4)", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Acme GmbH" });
    const invitee = uniqueEmail("newcomer");

    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    await page.getByRole("heading", { level: 1, name: "Acme GmbH" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Billing account managers" }).waitFor();
    expect(await page.title()).toBe("Managers · Acme GmbH · Billfold");

    await page.getByLabel("Email address").fill(invitee);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `We emailed an invitation to ${invitee}` })
      .waitFor();
    const pendingRow = managersRow(page, invitee);
    await pendingRow.getByText("Pending", { exact: true }).waitFor();
    await pendingRow.getByText("Olive Owner").waitFor();

    // The emailed link, in a browser that has never signed in.
    const link = await invitationLinkFor(invitee);
    const guest = await newPage();
    page = guest;
    await guest.goto(link);
    await guest.getByRole("heading", { level: 1, name: "Join Acme GmbH" }).waitFor();
    await guest.getByText(/Olive Owner.*invited/).waitFor();
    await guest.getByText(/Accepting creates your Billfold profile/).waitFor();
    await screenshot(guest, "invitation-no-profile");
    await expectNoSeriousA11yViolations(guest);

    await guest.getByRole("button", { name: "Accept invitation" }).click();
    await guest.waitForURL(`${server().baseUrl}/billing-accounts/${account.id}`);
    await guest.getByText("You are now a manager of Acme GmbH.").waitFor();
    await guest.getByRole("heading", { level: 1, name: "Acme GmbH" }).waitFor();
    await guest.getByRole("button", { name: `Account menu for ${invitee}` }).waitFor();

    await guest.getByRole("link", { name: "Managers", exact: true }).click();
    await managersRow(guest, invitee).getByText("You", { exact: true }).waitFor();

    // The inviter is told (A5), and the invitation left the pending list.
    const accepted = await acceptedMailTo(olive.email);
    expect(accepted.text).toContain(invitee);
    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    await managersRow(page, invitee)
      .getByRole("button", { name: /Remove/ })
      .waitFor();
    await page.getByText("No pending invitations").waitFor();

    // The link worked once: opening it again says so (410).
    await guest.goto(link);
    // It says what happened and what to do next, not a bare "410" (issue 13).
    await guest.getByRole("heading", { level: 1, name: "This invitation was already accepted" }).waitFor();
    await guest.getByText(/If that was you, sign in with the invited email address/).waitFor();
    await guest.getByRole("link", { name: "Sign in" }).waitFor();
    expect(await guest.getByText("410").count()).toBe(0);
  });

  it("asks someone with a profile to sign in as the invited address first, then accept", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Globex Ltd" });
    const bob = await signedInUser(server(), { email: uniqueEmail("bob"), firstName: "Bob", lastName: "Builder" });
    await invite(olive.client, account.id, bob.email);
    const link = await invitationLinkFor(bob.email);

    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    await managersRow(page, bob.email).getByText("Pending", { exact: true }).waitFor();

    // Not signed in: the page asks to sign in as that address, with the address prefilled.
    const visitor = await newPage();
    page = visitor;
    await visitor.goto(link);
    await visitor.getByRole("heading", { level: 1, name: "Join Globex Ltd" }).waitFor();
    expect(await visitor.getByRole("button", { name: "Accept invitation" }).count()).toBe(0);
    await visitor.getByRole("link", { name: `Sign in as ${bob.email} to accept` }).click();
    await visitor.waitForURL((url) => url.pathname === "/sign-in");
    expect(await visitor.getByLabel("Email address").inputValue()).toBe(bob.email);
    await visitor.getByRole("button", { name: "Email me a sign-in link" }).click();
    await visitor.getByRole("heading", { name: "Check your email" }).waitFor();

    // The sign-in link brings Bob back to the invitation, now with the buttons.
    await visitor.goto(await signInLinkFor(server().smtp, bob.email));
    await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
    await visitor.waitForURL(new URL(link).href);
    await visitor.getByRole("button", { name: "Accept invitation" }).click();
    await visitor.waitForURL(`${server().baseUrl}/billing-accounts/${account.id}`);
    await visitor.getByText("You are now a manager of Globex Ltd.").waitFor();

    await acceptedMailTo(olive.email);
    expect(await managerIds(server(), account.id)).toEqual([olive.id, bob.id].sort());
  });

  it("shows a signed-in user's invitations on the billing accounts page, where they accept", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Initech" });
    const carol = await signedInUser(server(), { email: uniqueEmail("carol") });
    await invite(olive.client, account.id, carol.email);

    page = await newPage({ user: carol });
    await page.goto(server().baseUrl);
    // No account yet: the start page is the profile; the nav leads to billing accounts.
    await page.waitForURL(`${server().baseUrl}/profile`);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Billing accounts" }).click();
    await page.getByRole("heading", { level: 1, name: "Billing accounts" }).waitFor();
    await page.getByText("You don't manage a billing account yet").waitFor();
    const invitations = page.getByRole("region", { name: "Invitations for you" });
    await invitations.getByText("Initech").waitFor();
    await invitations.getByRole("button", { name: "Accept the invitation to Initech" }).click();
    await page.waitForURL(`${server().baseUrl}/billing-accounts/${account.id}`);
    await page.getByText("You are now a manager of Initech.").waitFor();

    // With an account, the start page is the billing accounts list.
    await page.goto(server().baseUrl);
    await page.waitForURL(`${server().baseUrl}/billing-accounts`);
    await page.getByRole("link", { name: "Initech" }).waitFor();
  });

  it("creates a billing account from the empty list; its creator is the subscription contact (A1, A8)", async () => {
    const olive = await owner();
    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts`);
    await page.getByRole("button", { name: "Create a billing account" }).click();
    const dialog = page.getByRole("dialog", { name: "New billing account" });
    // Nothing filled in: the server's field errors show at the fields.
    await dialog.getByRole("button", { name: "Create billing account" }).click();
    await dialog.getByText("Check the highlighted fields").waitFor();
    await dialog.getByLabel("Company name").fill("Soylent Corp");
    await dialog.getByLabel("Address line 1").fill("1 Green Way");
    await dialog.getByLabel("Postal code").fill("94105");
    await dialog.getByLabel("City").fill("San Francisco");
    await dialog.getByLabel("Country").fill("United St");
    await page.getByRole("option", { name: "United States", exact: true }).click();
    await dialog.getByRole("button", { name: "Create billing account" }).click();
    await page.getByRole("heading", { level: 1, name: "Soylent Corp" }).waitFor();
    await page.getByText(/is ready\. You are its subscription contact\./).waitFor();
    await page.getByRole("region", { name: "Contacts" }).getByText(olive.email).first().waitFor();
    expect(await page.getByRole("region", { name: "Company" }).textContent()).toContain("United States");
  });

  it("removes a manager through the dialog; contacts' buttons are disabled with the reason (A7)", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Umbrella AG" });
    const dan = await addManager(server(), olive.client, account.id, { firstName: "Dan", lastName: "Dev" });
    const erin = await addManager(server(), olive.client, account.id, { firstName: "Erin", lastName: "Ellis" });

    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    const oliveRow = managersRow(page, olive.email);
    await oliveRow.getByText("Subscription contact", { exact: true }).waitFor();
    expect(await oliveRow.getByRole("button", { name: "Leave billing account" }).isDisabled()).toBe(true);
    await oliveRow.getByText("Reassign the subscription contact first").waitFor();

    // Remove Dan: a dialog names him and the account; Cancel gives focus back to the button.
    const removeDan = managersRow(page, dan.email).getByRole("button", { name: "Remove Dan Dev" });
    await removeDan.click();
    const dialog = page.getByRole("dialog", { name: "Remove Dan Dev?" });
    await dialog.waitFor();
    await dialog.getByText(/will stop being a manager of/).waitFor();
    expect(await dialog.textContent()).toContain("Umbrella AG");
    await screenshot(page, "managers-remove-dialog");
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe("Remove Dan Dev");
    // By keyboard too: Enter opens the dialog on Cancel (the safe choice), Escape closes it.
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });

    await removeDan.click();
    await dialog.getByRole("button", { name: "Remove manager" }).click();
    await page.getByText("Dan Dev no longer manages Umbrella AG.").waitFor();
    await managersRow(page, dan.email).waitFor({ state: "detached" });
    expect(await managerIds(server(), account.id)).not.toContain(dan.id);
    await server().smtp.waitForMail((m) => m.to === dan.email && m.subject.startsWith("You are no longer a manager"));

    // Erin became billing contact after the page loaded: the server's 409 shows in the dialog,
    // and the page then disables her button with the reason.
    const res = await olive.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: olive.id, firstName: "Olive", lastName: "Owner" },
      billingContact: { type: "manager", userId: erin.id, firstName: "Erin", lastName: "Ellis" },
    });
    expect(res.statusCode, res.body).toBe(200);
    await managersRow(page, erin.email).getByRole("button", { name: "Remove Erin Ellis" }).click();
    const erinDialog = page.getByRole("dialog", { name: "Remove Erin Ellis?" });
    await erinDialog.getByRole("button", { name: "Remove manager" }).click();
    await erinDialog.getByRole("alert").filter({ hasText: "This manager is the billing contact" }).waitFor();
    await erinDialog.getByRole("button", { name: "Cancel" }).click();
    const erinRow = managersRow(page, erin.email);
    await erinRow.getByText("Reassign the billing contact first").waitFor();
    expect(await erinRow.getByRole("button", { name: "Remove Erin Ellis" }).isDisabled()).toBe(true);
    expect(await managerIds(server(), account.id)).toContain(erin.id);
  });

  it("revokes a pending invitation; its link then says it is no longer valid (A6)", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Stark Industries" });
    const invitee = uniqueEmail("revoked");
    await invite(olive.client, account.id, invitee);
    const link = await invitationLinkFor(invitee);

    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    await managersRow(page, invitee)
      .getByRole("button", { name: `Revoke the invitation to ${invitee}` })
      .click();
    const dialog = page.getByRole("dialog", { name: "Revoke the invitation?" });
    await dialog.getByText(invitee).waitFor();
    await dialog.getByRole("button", { name: "Revoke invitation" }).click();
    await page.getByText(`The link sent to ${invitee} no longer works.`).waitFor();
    await page.getByText("No pending invitations").waitFor();

    const guest = await newPage();
    await guest.goto(link);
    await guest.getByRole("heading", { level: 1, name: "This invitation was withdrawn" }).waitFor();
    await guest.getByText("A manager of the billing account withdrew it before it was answered.").waitFor();
    await screenshot(guest, "invitation-gone");
    await expectNoSeriousA11yViolations(guest);
  });

  it("leaves an account: back to the list with a notice", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Wayne Enterprises" });
    const dan = await addManager(server(), olive.client, account.id, { firstName: "Dan", lastName: "Dev" });

    page = await newPage({ user: dan });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    await managersRow(page, dan.email).getByRole("button", { name: "Leave billing account" }).click();
    const dialog = page.getByRole("dialog", { name: "Leave Wayne Enterprises?" });
    await dialog.getByRole("button", { name: "Leave billing account" }).click();
    await page.waitForURL(`${server().baseUrl}/billing-accounts`);
    await page.getByText("You no longer manage Wayne Enterprises.").waitFor();
    await page.getByText("You don't manage a billing account yet").waitFor();
    expect(await managerIds(server(), account.id)).toEqual([olive.id]);
  });

  it("turns an A9 warning into a prompt that leads to the fix", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Cyberdyne Systems" });
    const renamed = await olive.client.patch("/api/v1/me", { firstName: "Olivia" });
    expect(renamed.statusCode, renamed.body).toBe(200);

    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}`);
    await page.getByText("The subscription contact's name differs from Olivia Owner's profile name.").waitFor();
    // The warning's title passes the contrast check (it was 4.46:1, issue 13).
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("link", { name: "Update the contact name" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/settings") && url.hash === "#contacts");
    const subscription = page.getByRole("region", { name: "Subscription contact" });
    await subscription.getByRole("button", { name: "Use the profile name" }).click();
    expect(await subscription.getByLabel("First name").inputValue()).toBe("Olivia");
    await page.getByRole("button", { name: "Save contacts" }).click();
    await page.getByText("The contacts were updated.").waitFor();
    await page.getByRole("link", { name: "Overview" }).click();
    // Subscription and billing contact (the same person) both read Olivia Owner now.
    await expect.poll(() => page.getByRole("region", { name: "Contacts" }).getByText("Olivia Owner").count()).toBe(2);
    expect(await page.getByText(/name differs from/).count()).toBe(0);
  });

  it("saves a custom billing contact and shows it after a reload (A8)", async () => {
    const olive = await owner();
    const account = await createAccount(olive.client, { companyName: "Hooli Inc" });

    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/settings`);
    const billing = page.getByRole("region", { name: "Billing contact", exact: true });
    await billing.getByRole("radio", { name: "Same as subscription contact" }).waitFor();
    expect(await billing.getByRole("radio", { name: "Same as subscription contact" }).isChecked()).toBe(true);

    await billing.getByRole("radio", { name: "Custom contact" }).check();
    await billing.getByLabel("First name").fill("Paula");
    await billing.getByLabel("Last name").fill("Payable");
    await billing.getByLabel("Email address").fill("ap@hooli.example");
    await billing.getByLabel("Phone").fill("+49 30 1234567");
    await billing.getByLabel("Address line 1").fill("Invoice Street 5");
    await billing.getByLabel("Postal code").fill("10117");
    await billing.getByLabel("City").fill("Berlin");
    await billing.getByLabel("Country").fill("Germ");
    await page.getByRole("option", { name: "Germany" }).click();
    await page.getByRole("button", { name: "Save contacts" }).click();
    await page.getByText("The contacts were updated.").waitFor();

    await page.reload();
    const reloaded = page.getByRole("region", { name: "Billing contact", exact: true });
    await reloaded.getByRole("radio", { name: "Custom contact" }).waitFor();
    expect(await reloaded.getByRole("radio", { name: "Custom contact" }).isChecked()).toBe(true);
    expect(await reloaded.getByLabel("First name").inputValue()).toBe("Paula");
    expect(await reloaded.getByLabel("Email address").inputValue()).toBe("ap@hooli.example");
    expect(await reloaded.getByLabel("Country").inputValue()).toBe("Germany");

    const contacts = (await olive.client.get(`/api/v1/billing-accounts/${account.id}/contacts`)).json();
    expect(contacts.billingContact).toMatchObject({
      type: "custom",
      firstName: "Paula",
      lastName: "Payable",
      email: "ap@hooli.example",
      phone: "+49 30 1234567",
      address: { line1: "Invoice Street 5", city: "Berlin", postalCode: "10117", country: "DE" },
    });

    // The overview and the activity say so too.
    await page.getByRole("link", { name: "Overview" }).click();
    await page.getByText("Custom contact, without portal access. Receives invoices.").waitFor();
    await page.getByRole("link", { name: "Activity" }).click();
    await page.getByText("Set a custom billing contact (ap@hooli.example)").waitFor();
  });

  it("looks right: screenshots and axe on the managers and settings pages", async () => {
    // Fixed, readable addresses (this test is the only one using them): the screenshots go into docs/.
    const olive = await signedInUser(server(), {
      email: "olivia.okafor@northwind.example",
      firstName: "Olivia",
      lastName: "Okafor",
    });
    const account = await createAccount(olive.client, {
      companyName: "Northwind Traders GmbH",
      taxId: "DE136695976",
      address: { line1: "Friedrichstraße 68", city: "Berlin", postalCode: "10117", country: "DE" },
      currency: "EUR",
    });
    await createAccount(olive.client, { companyName: "Northwind Labs Ltd", currency: "GBP" });
    const ben = await addManager(server(), olive.client, account.id, {
      email: "ben.schmidt@northwind.example",
      firstName: "Ben",
      lastName: "Schmidt",
    });
    await addManager(server(), olive.client, account.id, {
      email: "chiara.rossi@northwind.example",
      firstName: "Chiara",
      lastName: "Rossi",
    });
    await olive.client.put(`/api/v1/billing-accounts/${account.id}/contacts`, {
      subscriptionContact: { userId: olive.id, firstName: "Olivia", lastName: "Okafor", phone: "+49 30 555 0100" },
      billingContact: { type: "manager", userId: ben.id, firstName: "Ben", lastName: "Schmidt" },
    });
    const known = await signedInUser(server(), { email: "dmitri.ivanov@northwind.example" });
    await invite(olive.client, account.id, known.email);
    await invite(olive.client, account.id, "finance@northwind.example");
    const stale = "intern@northwind.example";
    await invite(olive.client, account.id, stale);
    await server()
      .db.updateTable("billing_account_invitations")
      .set({ expires_at: new Date(Date.now() - 86_400_000) })
      .where("email", "=", stale)
      .execute();

    page = await newPage({ user: olive });
    await page.goto(`${server().baseUrl}/billing-accounts/${account.id}/managers`);
    await managersRow(page, stale).getByText("Expired").waitFor();
    await page.getByRole("button", { name: /Switch billing account/ }).waitFor();
    await page.getByText("Reassign the billing contact first").waitFor();
    await screenshotFromTop(page, "managers");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Save contacts" }).waitFor();
    const billing = page.getByRole("region", { name: "Billing contact", exact: true });
    await billing.getByRole("radio", { name: "Custom contact" }).check();
    await billing.getByLabel("First name").fill("Accounts");
    await billing.getByLabel("Last name").fill("Payable");
    await billing.getByLabel("Email address").fill("ap@northwind.example");
    await screenshotFromTop(page, "settings");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "Overview" }).click();
    // The custom contact was not saved: leaving asks first (issue 13).
    await page.getByRole("button", { name: "Leave without saving" }).click();
    await page.getByRole("region", { name: "Contacts" }).getByText("Ben Schmidt").waitFor();
    await screenshotFromTop(page, "account-overview");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "Activity" }).click();
    await page.getByText(`Invited ${stale} to become a manager`).waitFor();
    await screenshotFromTop(page, "account-activity");
    await expectNoSeriousA11yViolations(page);

    await page.goto(`${server().baseUrl}/billing-accounts`);
    await page.getByRole("link", { name: "Northwind Labs Ltd" }).waitFor();
    await screenshot(page, "billing-accounts");
    await expectNoSeriousA11yViolations(page);
  });
});
