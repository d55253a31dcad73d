// A session that ends while a page is open (revoked elsewhere, I5): the next answer "401
// not_signed_in" on any page behind sign-in sends the person to sign-in, and signing in by the
// emailed link brings them back to the page they were going to (issue 14, item 7).
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { createAccount } from "../factories/accounts.js";
import { signedInUser } from "../factories/users.js";
import { describeInBrowser, useBrowserTest } from "./browser-fixture.js";
import { signInLinkFor, uniqueEmail } from "./helpers.js";

describeInBrowser("a session that ends while a page is open", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;

  it("sends the person to sign-in on the next tab, and back to that tab after signing in", async () => {
    const owner = await signedInUser(server(), {
      email: uniqueEmail("revoked"),
      firstName: "Rita",
      lastName: "Revoked",
    });
    const account = await createAccount(owner.client, { companyName: "Revoked Session GmbH" });
    const base = `${server().baseUrl}/billing-accounts/${account.id}`;

    page = await newPage({ user: owner });
    await page.goto(`${base}/invoices`);
    await page.getByRole("heading", { level: 1, name: "Revoked Session GmbH" }).waitFor();

    // Signed out elsewhere (e.g. "sign out everywhere"): the page still believes it is signed in.
    await server()
      .db.updateTable("sessions")
      .set({ revoked_at: new Date() })
      .where("user_id", "=", owner.id)
      .where("revoked_at", "is", null)
      .execute();

    await page.getByRole("link", { name: "Managers" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("returnTo")).toBe(`/billing-accounts/${account.id}/managers`);

    await page.getByLabel("Email address").fill(owner.email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.goto(await signInLinkFor(server().smtp, owner.email));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();

    await page.waitForURL(`${base}/managers`);
    await page.getByRole("heading", { level: 1, name: "Revoked Session GmbH" }).waitFor();
    await page.getByText("Rita Revoked").first().waitFor();
  });
});
