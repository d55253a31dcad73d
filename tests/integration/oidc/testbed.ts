// The portal listening on a loopback port with OIDC configured against a real in-process
// oidc-provider, plus helpers to drive the flow with a cookie-keeping HTTP browser.
import { expect } from "vitest";
import { OIDC_CALLBACK_PATH } from "../../../src/server/modules/identity/index.js";
import {
  type FlowHooks,
  type FlowResult,
  RedirectBrowser,
  runOidcFlow,
  startOidcProvider,
  type TestAccount,
  type TestOidcProvider,
  testAccount,
} from "../../setup/oidc-provider.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

export type Testbed = {
  t: TestApp;
  op: TestOidcProvider;
  /** A browser that has signed in at nothing yet. */
  browser(): RedirectBrowser;
  /** A browser holding the session cookie of a signed-in test client. */
  browserFor(cookie: string | null): RedirectBrowser;
  account(overrides?: Partial<TestAccount>): TestAccount;
  /** start (sign_in by default) → provider → callback → landing page. */
  flow(
    browser: RedirectBrowser,
    options?: { intent?: "sign_in" | "link"; returnTo?: string } & FlowHooks,
  ): Promise<FlowResult>;
  /** GET /api/v1/me with the browser's cookies: the JSON body, or null when not signed in. */
  me(browser: RedirectBrowser): Promise<{ id: string; email: string; identities: unknown[] } | null>;
  events(userId: string | null, actions: string[]): Promise<{ action: string; summary: Record<string, unknown> }[]>;
  close(): Promise<void>;
};

export async function oidcTestbed(): Promise<Testbed> {
  const op = await startOidcProvider();
  const t = await createTestApp({ listen: true, env: op.env() });
  op.register(`${t.baseUrl}${OIDC_CALLBACK_PATH}`);

  const browserFor = (cookie: string | null) => {
    const browser = new RedirectBrowser();
    if (cookie) browser.setCookie(t.baseUrl, "billfold_session", cookie);
    return browser;
  };

  return {
    t,
    op,
    browser: () => new RedirectBrowser(),
    browserFor,
    account: (overrides) => op.addAccount(testAccount(overrides)),
    flow(browser, options = {}) {
      const query = new URLSearchParams();
      if (options.intent) query.set("intent", options.intent);
      if (options.returnTo) query.set("returnTo", options.returnTo);
      const start = `${t.baseUrl}/api/v1/auth/oidc/start${query.size > 0 ? `?${query}` : ""}`;
      return runOidcFlow(browser, start, OIDC_CALLBACK_PATH, options);
    },
    async me(browser) {
      const res = await browser.get(`${t.baseUrl}/api/v1/me`);
      if (res.status === 401) return null;
      expect(res.status).toBe(200);
      return (await res.json()) as { id: string; email: string; identities: unknown[] };
    },
    async events(userId, actions) {
      let query = t.db.selectFrom("events").select(["action", "summary"]).where("action", "in", actions).orderBy("id");
      if (userId) query = query.where("subject_id", "=", userId);
      const rows = await query.execute();
      return rows.map((r) => ({ action: r.action, summary: r.summary as Record<string, unknown> }));
    },
    async close() {
      await t.close();
      await op.close();
    },
  };
}

/** The landing page's path and query, e.g. "/sign-in?oidc_error=email_taken". */
export function landingOf(result: FlowResult): string {
  if (!result.landing) throw new Error("the flow stopped before landing");
  return `${result.landing.pathname}${result.landing.search}`;
}
