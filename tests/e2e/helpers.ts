// Shared steps for browser tests: screenshots, axe checks, signing in through the emailed link.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { SmtpCapture } from "../setup/smtp-capture.js";

const SCREENSHOTS = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

/** A full-page screenshot; `fullPage: false` for what the window shows (an open menu or drawer). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage, animations: "disabled" });
}

/** After a failed test: a screenshot of where the page stood, named after the test (and `suffix`). */
export async function screenshotOnFailure(
  page: Page | undefined,
  task: { name: string; result?: { state?: string } },
  suffix = "",
) {
  if (!page || page.isClosed() || task.result?.state !== "fail") return;
  const slug = task.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60);
  await screenshot(page, `FAILED-${slug}${suffix}`).catch(() => undefined);
}

/** Browser-side errors go to the test output, so a failing run explains itself. */
export function forwardPageErrors(page: Page): void {
  page.on("pageerror", (error) => console.error(`[browser] ${error.message}`));
}

/** A unique address per test, so rate limits and earlier tests never interfere. */
/** True when the page is no wider than the window: nothing hides behind sideways scrolling. */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

/**
 * Dialogs fade in, and axe measuring contrast mid-fade reports the half-transparent text: for the
 * axe checks, transitions are switched off so every dialog is at its final colours at once.
 */
export function withoutTransitions(page: Page) {
  return page.addStyleTag({
    content: "*, *::before, *::after { transition: none !important; animation: none !important; }",
  });
}

/** Runs axe on the page and fails on any serious or critical violation, listing them readably. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  // A menu or dialog still fading in has its colours half-way: axe would judge a frame no one
  // reads. Wait for running transitions and animations to end first.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => null))),
  );
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.length} nodes)`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** The sign-in link emailed to `email` (the first that arrived). */
export async function signInLinkFor(smtp: SmtpCapture, email: string): Promise<string> {
  const mail = await smtp.waitForMail(
    (m) => m.to.toLowerCase() === email.toLowerCase() && m.text.includes("/sign-in/"),
  );
  return smtp.linkIn(mail, "/sign-in/");
}

/** Requests a link on /sign-in, opens it, presses Sign in and waits for the profile. */
export async function signIn(page: Page, baseUrl: string, smtp: SmtpCapture, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  await page.goto(await signInLinkFor(smtp, email));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`${baseUrl}/profile`);
  await page.getByRole("heading", { level: 1, name: "Profile" }).waitFor();
}
