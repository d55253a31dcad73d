// The start and stop of every browser test file in one place: the test server and Chromium for the
// file, a fresh context per page a test opens (closed after the test), page errors in the output,
// and a screenshot of each open page when a test fails.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import { browserMissing, launchBrowser } from "../setup/browser.js";
import { startTestServer } from "../setup/test-app.js";
import { forwardPageErrors, screenshotOnFailure } from "./helpers.js";

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/**
 * `describe` for browser tests: skipped with one notice when no Chromium is found, an error instead
 * under REQUIRE_BROWSER=1 (see tests/setup/browser.ts). Decided once, when the file is collected.
 */
export const describeInBrowser = describe.skipIf(browserMissing());

export interface BrowserTestOptions {
  /** Server environment; a function when it is known only in an earlier `beforeAll` (the OIDC provider's). */
  env?: Record<string, string> | (() => Record<string, string>);
}

export interface NewPageOptions {
  /** Signed in as this user through their session cookie (no email round trip). */
  user?: { client: { cookie?: string | null } };
  viewport?: { width: number; height: number };
}

export interface BrowserTest {
  server(): TestServer;
  browser(): Browser;
  /**
   * A page in a fresh context, closed after the test (or with the browser when opened in a
   * `beforeAll`). Desktop size unless told; a phone-width window is a touch screen.
   */
  newPage(options?: NewPageOptions): Promise<Page>;
}

/** Registers the file's hooks; call it first inside `describeInBrowser`, before the file's own hooks. */
export function useBrowserTest(options: BrowserTestOptions = {}): BrowserTest {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let inTest = false;
  const testContexts: BrowserContext[] = [];
  const testPages: Page[] = [];
  const filePages: Page[] = [];

  beforeAll(async () => {
    const env = typeof options.env === "function" ? options.env() : options.env;
    [server, browser] = await Promise.all([startTestServer(env ? { env } : {}), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async ({ task }) => {
    inTest = false;
    const open = [...filePages, ...testPages].filter((page) => !page.isClosed());
    for (const [index, page] of open.entries()) {
      await screenshotOnFailure(page, task, open.length > 1 ? `-${index + 1}` : "");
    }
    await Promise.all(testContexts.map((context) => context.close()));
    testContexts.length = 0;
    testPages.length = 0;
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use it inside a hook or test`);
    return value;
  };

  return {
    server: () => started(server, "the test server"),
    browser: () => started(browser, "the browser"),
    async newPage({ user, viewport = DESKTOP } = {}) {
      const context = await started(browser, "the browser").newContext({
        viewport,
        hasTouch: viewport.width < 500,
        acceptDownloads: true,
      });
      // A page opened in a `beforeAll` serves every test of the file: it closes with the browser.
      if (inTest) testContexts.push(context);
      if (user?.client.cookie) {
        const url = started(server, "the test server").baseUrl;
        await context.addCookies([{ name: "billfold_session", value: user.client.cookie, url }]);
      }
      const page = await context.newPage();
      forwardPageErrors(page);
      (inTest ? testPages : filePages).push(page);
      return page;
    },
  };
}
