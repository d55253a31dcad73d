// Issue 13: the API docs page (/api/docs) works under the portal's Content Security Policy, with
// no violation in the browser console, and shows every operation with its error answers.
import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { screenshot } from "./helpers.js";

describeInBrowser("API docs page", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    page = await newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
  });

  it("loads without a Content Security Policy error and shows an operation's error answers", async () => {
    const response = await page.goto(`${server().baseUrl}/api/docs`);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.locator(".opblock").first().waitFor();
    expect(await page.locator(".opblock").count()).toBeGreaterThan(25);

    await page.getByText("/api/v1/billing-accounts/{id}/managers/{userId}").click();
    const removal = page.locator(".opblock.is-open");
    await removal.locator(".responses-table").first().waitFor();
    for (const status of ["401", "403", "404", "409", "429"]) {
      await expect(removal.locator(`tr.response[data-code="${status}"]`).count()).resolves.toBe(1);
    }
    await screenshot(page, "api-docs");
    expect(consoleErrors).toEqual([]);
  });
});
