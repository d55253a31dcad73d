// Sign-in by one-time link and the profile, in a real Chromium against the real server (I2, I4, I8).
import type { Page } from "playwright-core";
import { beforeEach, expect, it } from "vitest";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, screenshot, signIn, signInLinkFor, uniqueEmail } from "./helpers.js";

describeInBrowser("sign in by one-time link", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;

  beforeEach(async () => {
    page = await newPage();
  });

  it("emails a link, signs in with the button, and keeps a changed first name after reload", async () => {
    const email = uniqueEmail("Ada");
    await page.goto(`${server().baseUrl}/sign-in`);
    expect(await page.title()).toBe("Sign in · Billfold");
    await screenshot(page, "sign-in");

    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await expect.poll(() => page.getByText(email).count()).toBeGreaterThan(0);
    await screenshot(page, "sign-in-check-email");

    const link = await signInLinkFor(server().smtp, email);
    expect(new URL(link).pathname).toMatch(/^\/sign-in\/[^/]+$/);

    // I4: opening the link (twice, like a mail scanner and then the person) does not use it up.
    await page.goto(link);
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Sign in to Billfold" }).waitFor();
    await screenshot(page, "sign-in-redeem");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();

    await page.waitForURL(`${server().baseUrl}/profile`);
    await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
    expect(await page.title()).toBe("Profile · Billfold");
    await expect.poll(() => page.getByTestId("profile-email").textContent()).toBe(email);
    // I8: redeeming the link proved the address.
    expect(await page.getByText("Email not yet confirmed").count()).toBe(0);
    expect(await page.getByRole("button", { name: `Account menu for ${email}` }).count()).toBe(1);

    await page.getByLabel("First name").fill("Ada");
    await page.getByLabel("Last name").fill("Lovelace");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Your name was updated.").waitFor();
    await screenshot(page, "profile-saved");

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
    await expect.poll(() => page.getByLabel("First name").inputValue()).toBe("Ada");
    expect(await page.getByLabel("Last name").inputValue()).toBe("Lovelace");

    // The link worked once: a second press answers 410 and says so.
    await page.goto(link);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText("This link has expired or was already used").waitFor();
    await screenshot(page, "sign-in-link-used");

    // Sign out from the user menu: back to /sign-in, and /profile sends us there again.
    await page.goto(`${server().baseUrl}/profile`);
    // Named now: the header shows the name (issue 13).
    await page.getByRole("button", { name: "Account menu for Ada Lovelace" }).click();
    await page.getByRole("menuitem", { name: "Sign out", exact: true }).waitFor();
    await screenshot(page, "profile-user-menu");
    await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${server().baseUrl}/sign-in`);
    await page.goto(`${server().baseUrl}/profile`);
    await page.waitForURL(`${server().baseUrl}/sign-in`);
  });

  it("has no serious or critical accessibility violations on the sign-in and profile pages", async () => {
    await page.goto(`${server().baseUrl}/sign-in`);
    await page.getByRole("button", { name: "Email me a sign-in link" }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // With a field error shown, too.
    await page.getByLabel("Email address").fill("not an address");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByText("Enter a valid email address").waitFor();
    await screenshot(page, "sign-in-invalid");
    await expectNoSeriousA11yViolations(page);

    await signIn(page, server().baseUrl, server().smtp, uniqueEmail("axe"));
    await expectNoSeriousA11yViolations(page);

    // And with an email change pending.
    await page.getByLabel("New email address").fill(uniqueEmail("axe-new"));
    await page.getByRole("button", { name: "Change email" }).click();
    await page.getByText(/^Pending:/).waitFor();
    await screenshot(page, "profile-pending-email");
    await expectNoSeriousA11yViolations(page);
  });

  it("changes the email address through the confirmation link (I7)", async () => {
    const email = uniqueEmail("grace");
    const newEmail = uniqueEmail("grace-new");
    await signIn(page, server().baseUrl, server().smtp, email);

    await page.getByLabel("New email address").fill(newEmail);
    await page.getByRole("button", { name: "Change email" }).click();
    await page.getByText(/^Pending:/).waitFor();

    // Wait for the first mail before resending: the worker may deliver two queued
    // mails in either order, and the test must know which link is the older one.
    const toNew = () => server().smtp.messages.filter((m) => m.to.toLowerCase() === newEmail.toLowerCase());
    await expect.poll(() => toNew().length, { timeout: 10_000 }).toBe(1);
    const first = server().smtp.linkIn(toNew()[0]!, "/confirm-email/");

    await page.getByRole("button", { name: "Resend" }).click();
    await page.getByText(`A new confirmation link is on its way to ${newEmail}.`).waitFor();

    // A resend kills the first link: only the second one confirms.
    await expect.poll(() => toNew().length, { timeout: 10_000 }).toBe(2);
    const second = toNew()
      .map((m) => server().smtp.linkIn(m, "/confirm-email/"))
      .find((link) => link !== first);

    await page.goto(first);
    await page.getByRole("button", { name: "Confirm new email address" }).click();
    await page.getByText("This link has expired or was already used").waitFor();

    await page.goto(second!);
    await page.getByRole("heading", { level: 1, name: "Confirm your new email address" }).waitFor();
    await page.getByRole("button", { name: "Confirm new email address" }).click();
    await page.getByText("Email address confirmed").waitFor();
    await screenshot(page, "confirm-email-done");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "Go to your profile" }).click();
    await page.waitForURL(`${server().baseUrl}/profile`);
    await expect.poll(() => page.getByTestId("profile-email").textContent()).toBe(newEmail);
    expect(await page.getByText(/^Pending:/).count()).toBe(0);
  });

  it("marks an unconfirmed address on the profile", async () => {
    const email = uniqueEmail("unconfirmed");
    await signIn(page, server().baseUrl, server().smtp, email);
    await server()
      .db.updateTable("users")
      .set({ email_confirmed_at: null })
      .where("email_key", "=", email.toLowerCase())
      .execute();
    await page.reload();
    await page.getByText("Email not yet confirmed").waitFor();
    await screenshot(page, "profile-unconfirmed");
    await expectNoSeriousA11yViolations(page);
  });

  it("lands on the returnTo page kept with the link, and ignores one that leaves the portal", async () => {
    const email = uniqueEmail("return");
    await page.goto(`${server().baseUrl}/sign-in?returnTo=${encodeURIComponent("/dev/mailbox")}`);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.goto(await signInLinkFor(server().smtp, email));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${server().baseUrl}/dev/mailbox`);

    const other = uniqueEmail("return-evil");
    await page.goto(`${server().baseUrl}/sign-in?returnTo=${encodeURIComponent("//evil.example/")}`);
    await page.getByLabel("Email address").fill(other);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.goto(`${await signInLinkFor(server().smtp, other)}?returnTo=${encodeURIComponent("//evil.example/")}`);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${server().baseUrl}/profile`);
  });

  it("says why a GitLab.com sign-in came back without signing in", async () => {
    await page.goto(`${server().baseUrl}/sign-in?oidc_error=email_taken`);
    await page.getByRole("alert").filter({ hasText: "is not linked yet" }).waitFor();
    await screenshot(page, "sign-in-oidc-error");
    await expectNoSeriousA11yViolations(page);
  });

  it("can be used with the keyboard alone: Tab to the field, type, Tab to the button, Enter", async () => {
    const email = uniqueEmail("keys");
    await page.goto(`${server().baseUrl}/sign-in`);
    await page.getByRole("button", { name: "Email me a sign-in link" }).waitFor();

    const focusedLabel = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.getAttribute("name") ?? el?.textContent?.trim() ?? "";
      });
    for (let presses = 0; presses < 10 && (await focusedLabel()) !== "email"; presses++) {
      await page.keyboard.press("Tab");
    }
    expect(await focusedLabel()).toBe("email");
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    expect(await focusedLabel()).toBe("Email me a sign-in link");
    expect(await page.evaluate(() => document.activeElement?.matches(":focus-visible"))).toBe(true);
    await screenshot(page, "sign-in-keyboard-focus");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    // The emailed link's button works from the keyboard too.
    await page.goto(await signInLinkFor(server().smtp, email));
    await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
    for (let presses = 0; presses < 10 && (await focusedLabel()) !== "Sign in"; presses++) {
      await page.keyboard.press("Tab");
    }
    expect(await focusedLabel()).toBe("Sign in");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server().baseUrl}/profile`);
  });
});
