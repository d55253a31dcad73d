// With no SMTP server configured, mail lands in the development mailbox page, whose links work.
import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, screenshot, uniqueEmail } from "./helpers.js";

describeInBrowser("development mailbox", () => {
  const { server, newPage } = useBrowserTest({ env: { SMTP_URL: "" } });
  let page: Page;

  beforeAll(async () => {
    page = await newPage();
  });

  it("shows the sign-in mail with a working link, and the HTML body only in a sandbox", async () => {
    const email = uniqueEmail("mailbox");
    await page.goto(`${server().baseUrl}/sign-in`);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    await page.getByRole("link", { name: "open the development mailbox" }).click();
    await page.waitForURL(`${server().baseUrl}/dev/mailbox`);
    await page.getByRole("heading", { level: 1, name: "Development mailbox" }).waitFor();
    // The worker delivers asynchronously; the page refreshes by itself every 3 seconds.
    await page.getByText(`To ${email}`).first().waitFor({ timeout: 15_000 });
    await page.getByTestId("mail-text").waitFor();
    await screenshot(page, "dev-mailbox");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("tab", { name: "HTML" }).click();
    const frame = page.locator("iframe");
    await frame.waitFor();
    // No allow-scripts, no allow-same-origin: the mail's HTML cannot run code or reach the portal.
    expect(await frame.getAttribute("sandbox")).toBe("allow-popups allow-popups-to-escape-sandbox");
    await screenshot(page, "dev-mailbox-html");

    await page.getByRole("tab", { name: "Text" }).click();
    await page.getByTestId("mail-text").getByRole("link").filter({ hasText: "/sign-in/" }).first().click();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${server().baseUrl}/profile`);
    await expect.poll(() => page.getByTestId("profile-email").textContent()).toBe(email);
  });
});
