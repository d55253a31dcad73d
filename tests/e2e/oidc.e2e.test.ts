// I9 in a real Chromium: sign in with GitLab.com through the provider's own login and consent
// pages (oidc-provider's development interactions stand in for GitLab.com), the explanation when
// the email already has a profile, and Link / Unlink on the profile.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { OIDC_CALLBACK_PATH } from "../../src/server/modules/identity/index.js";
import { startOidcProvider, type TestOidcProvider, testAccount } from "../setup/oidc-provider.js";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, screenshot, signIn, uniqueEmail } from "./helpers.js";

describeInBrowser("GitLab.com sign-in in the browser", () => {
  let op: TestOidcProvider;
  let page: Page;

  // The provider starts first (the server is configured with its address) and stops last.
  beforeAll(async () => {
    op = await startOidcProvider({ interactions: "dev" });
  });
  afterAll(async () => {
    await op?.close();
  });
  const { server, newPage } = useBrowserTest({ env: () => op.env() });
  beforeAll(() => {
    op.register(`${server().baseUrl}${OIDC_CALLBACK_PATH}`);
  });
  beforeEach(async () => {
    page = await newPage();
  });

  /** The provider's development pages: any login (our account's subject) and password, then consent. */
  async function signInAtProvider(sub: string): Promise<void> {
    await page.waitForURL((url) => url.origin === op.issuer);
    await page.getByPlaceholder("Enter any login").fill(sub);
    await page.getByPlaceholder("and password").fill("any password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    const consent = page.getByRole("button", { name: "Continue" });
    await page.waitForURL((url) => url.origin !== op.issuer || url.pathname.startsWith("/interaction/"));
    if (new URL(page.url()).origin === op.issuer && (await consent.count()) > 0) await consent.click();
  }

  it("a first sign-in creates the profile and shows the linked account", async () => {
    const account = op.addAccount(testAccount());
    await page.goto(`${server().baseUrl}/sign-in`);
    await page.getByRole("link", { name: "Continue with GitLab.com" }).click();
    await signInAtProvider(account.sub);

    await page.waitForURL(`${server().baseUrl}/profile`);
    await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
    await expect.poll(() => page.getByTestId("profile-email").textContent()).toBe(account.email);
    const card = page.getByRole("region", { name: "Linked accounts" });
    await card.getByText(`@${account.preferred_username}`).waitFor();
    expect(await card.getByRole("link", { name: "Change linked account" }).count()).toBe(1);
    expect(await card.getByRole("button", { name: "Unlink" }).count()).toBe(1);
    await screenshot(page, "oidc-profile-linked");
    await expectNoSeriousA11yViolations(page);
  });

  it("an email that already has a profile is explained on the sign-in page", async () => {
    const email = uniqueEmail("taken");
    await signIn(page, server().baseUrl, server().smtp, email);
    await page.context().clearCookies();
    const account = op.addAccount(testAccount({ email }));

    await page.goto(`${server().baseUrl}/sign-in`);
    await page.getByRole("link", { name: "Continue with GitLab.com" }).click();
    await signInAtProvider(account.sub);
    await page.waitForURL(`${server().baseUrl}/sign-in?oidc_error=email_taken`);
    const alert = page.getByRole("alert").filter({ hasText: "is not linked yet" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("link your GitLab.com account from your profile");
    await screenshot(page, "oidc-email-taken");
    await expectNoSeriousA11yViolations(page);
  });

  it("links a GitLab.com account from the profile, then unlinks it", async () => {
    const email = uniqueEmail("linker");
    await signIn(page, server().baseUrl, server().smtp, email);
    const account = op.addAccount(testAccount());
    const card = page.getByRole("region", { name: "Linked accounts" });
    await card.getByRole("link", { name: "Link GitLab.com account" }).click();
    await signInAtProvider(account.sub);

    await page.waitForURL(`${server().baseUrl}/profile?oidc=linked`);
    await page.getByText("Your GitLab.com account is now linked.").waitFor();
    await card.getByText(`@${account.preferred_username}`).waitFor();
    await screenshot(page, "oidc-linked-notice");
    await expectNoSeriousA11yViolations(page);

    await card.getByRole("button", { name: "Unlink" }).click();
    await card.getByText(`Unlink @${account.preferred_username}?`).waitFor();
    await card.getByRole("button", { name: "Unlink" }).click();
    await card.getByText("No accounts are linked yet.").waitFor();
    expect(await card.getByRole("link", { name: "Link GitLab.com account" }).count()).toBe(1);
  });
});
