// Subscriptions in use in a real Chromium against the real server (issue 16): a group linked through
// the dialog, a group another account holds refused on the field without naming the account, and
// unlinked (S2); the license downloaded through the page and verified offline by the CLI with the
// portal's public key (S3); a new activation code replacing the old one, the binding kept, and an
// activated instance released (S4); the same actions on a reseller account while auto-renew and
// add-ons stay read-only (R1); the page and every dialog at 1280 and 390 px without sideways
// scrolling and without serious axe findings.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { runCli } from "../../src/server/cli/cli.js";
import { formatActivationCode } from "../../src/shared/licensing.js";
import { createAccount } from "../factories/accounts.js";
import { buySubscription, resellerOwned } from "../factories/subscriptions.js";
import { signedInUser } from "../factories/users.js";
import { capturedIo } from "../setup/cli-io.js";
import { DESKTOP, describeInBrowser, PHONE, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, fitsWidth, screenshot, uniqueEmail, withoutTransitions } from "./helpers.js";

const TAKEN_MESSAGE = "This group is linked to another subscription. If it is yours, contact support.";

let groups = 0;
/** A group path no other test links (the namespace is unique across all accounts, S2). */
const uniqueGroup = (name: string) => `${name}-${Date.now().toString(36)}-${++groups}/platform`;

describeInBrowser("subscriptions in use", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;

  /** A manager of a direct account with one subscription of each deployment. */
  async function scene(prefix = "owner", companyName = "Northwind Test GmbH") {
    const owner = await signedInUser(server(), { email: uniqueEmail(prefix), firstName: "Olive", lastName: "Owner" });
    const account = await createAccount(owner.client, { companyName, currency: "EUR" });
    const saas = await buySubscription(owner, account.id, "saas");
    const selfManaged = await buySubscription(owner, account.id, "self_managed");
    return { owner, account, saas, selfManaged, base: `${server().baseUrl}/billing-accounts/${account.id}` };
  }

  /** The customer's instance calling the portal, without a session (S4). */
  const activate = (code: string, instanceId: string) =>
    server().client().post("/api/v1/activations", { code, instanceId });

  const card = (p: Page, subscriptionNumber: string) => p.getByTestId(`subscription-${subscriptionNumber}`);

  it("S2: links a group through the dialog, shows a group another account holds as taken on the field, unlinks", async () => {
    const { owner, saas, base } = await scene();
    // Another account's subscription holds this group already.
    const other = await scene("other", "Contoso Holder AG");
    const taken = uniqueGroup("taken");
    const held = await other.owner.client.put(`/api/v1/subscriptions/${other.saas.id}/namespace`, { namespace: taken });
    expect(held.statusCode, held.body).toBe(200);

    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    const saasCard = card(page, saas.subscriptionNumber);
    await saasCard.getByRole("button", { name: "Link a group" }).click();
    const dialog = page.getByRole("dialog", { name: "Link a GitLab.com group" });
    const field = dialog.getByRole("textbox", { name: "Group path" });

    // Checked in the browser first, with the shared schema's words.
    await field.fill("not a path!");
    await dialog.getByRole("button", { name: "Link group" }).click();
    await dialog.getByText(/A group path is letters, digits/).waitFor();

    // 409 namespace_taken: said on the field, naming no account.
    await field.fill(`https://gitlab.com/${taken}`);
    await dialog.getByRole("button", { name: "Link group" }).click();
    await dialog.getByText(TAKEN_MESSAGE).waitFor();
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.textContent()).not.toContain("Contoso");
    expect((await owner.client.get(`/api/v1/subscriptions/${saas.id}`)).json().namespace).toBeNull();

    // Their own group, pasted as an address: linked, shown as a link to GitLab.com.
    const group = uniqueGroup("olive");
    await field.fill(`https://gitlab.com/${group}`);
    expect(await dialog.getByText(TAKEN_MESSAGE).count()).toBe(0); // a new value clears the last answer
    await dialog.getByRole("button", { name: "Link group" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText(`${saas.subscriptionNumber} is linked to gitlab.com/${group}.`).waitFor();
    const link = saasCard.getByRole("link", { name: `gitlab.com/${group} (opens GitLab.com in a new tab)` });
    expect(await link.getAttribute("href")).toBe(`https://gitlab.com/${group}`);
    expect(await link.getAttribute("target")).toBe("_blank");
    expect((await owner.client.get(`/api/v1/subscriptions/${saas.id}`)).json().namespace).toBe(group);

    // Unlink asks first; Cancel changes nothing.
    await saasCard.getByRole("button", { name: "Unlink" }).click();
    const confirm = page.getByRole("dialog", { name: "Unlink the group?" });
    await confirm.getByText(`gitlab.com/${group} loses the features of ${saas.subscriptionNumber}.`).waitFor();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "hidden" });
    expect((await owner.client.get(`/api/v1/subscriptions/${saas.id}`)).json().namespace).toBe(group);
    await saasCard.getByRole("button", { name: "Unlink" }).click();
    await confirm.getByRole("button", { name: "Unlink group" }).click();
    await confirm.waitFor({ state: "hidden" });
    await saasCard.getByRole("button", { name: "Link a group" }).waitFor();
    expect(await saasCard.getByRole("link", { name: /gitlab\.com\// }).count()).toBe(0);
    expect((await owner.client.get(`/api/v1/subscriptions/${saas.id}`)).json().namespace).toBeNull();
  });

  it("S3: downloads the license through the page, and `billfold license verify` finds it valid with the portal's public key", async () => {
    const { owner, selfManaged, base } = await scene();
    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    const smCard = card(page, selfManaged.subscriptionNumber);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      smCard.getByRole("button", { name: "Download license" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`billfold-license-${selfManaged.subscriptionNumber}.txt`);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "billfold-e2e-license-"));
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^-----BEGIN BILLFOLD LICENSE-----\n/);
    // The key as anyone gets it: the public route, no session.
    const published = await server().client().get("/api/v1/license-public-key");
    expect(published.statusCode).toBe(200);
    fs.writeFileSync(path.join(dir, "portal.pem"), published.json().publicKeyPem);

    const { io, captured } = capturedIo({ cwd: dir });
    const code = await runCli(["license", "verify", file, "--public-key", "portal.pem"], io);
    expect(code, captured.stderr).toBe(0);
    expect(captured.stdout).toMatch(/Signature: +valid/);
    expect(captured.stdout).toContain(selfManaged.subscriptionNumber);
    expect(captured.stdout).toContain("Northwind Test GmbH");
  });

  it("S4: a new activation code shows on the card, the old one answers 404, and the activated instance stays bound", async () => {
    const { owner, selfManaged, base } = await scene();
    const oldCode = selfManaged.activationCode!;
    expect((await activate(oldCode, "gitlab-e2e-a")).statusCode).toBe(200);

    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    const smCard = card(page, selfManaged.subscriptionNumber);
    await smCard.getByText(formatActivationCode(oldCode)).waitFor();
    await smCard.getByText("gitlab-e2e-a").waitFor();

    await smCard.getByRole("button", { name: "Generate a new code" }).click();
    const dialog = page.getByRole("dialog", { name: "Generate a new activation code?" });
    // What the server does: the code changes, the binding does not.
    await dialog.getByText(/gitlab-e2e-a stays activated/).waitFor();
    await dialog.getByRole("button", { name: "Generate new code" }).click();
    const done = page.getByRole("dialog", { name: "New activation code" });
    await done.getByRole("button", { name: "Copy new activation code" }).waitFor();
    const { activationCode: newCode } = (await owner.client.get(`/api/v1/subscriptions/${selfManaged.id}`)).json();
    expect(newCode).not.toBe(oldCode);
    await done.getByText(formatActivationCode(newCode)).waitFor();
    await done.getByRole("button", { name: "Done" }).click();
    await done.waitFor({ state: "hidden" });
    await smCard.getByText(formatActivationCode(newCode)).waitFor();
    expect(await smCard.getByText(formatActivationCode(oldCode)).count()).toBe(0);

    const withOld = await activate(oldCode, "gitlab-e2e-a");
    expect([withOld.statusCode, withOld.json().error.code]).toEqual([404, "activation_code_invalid"]);
    // Still bound: the same instance activates again with the new code, another one is refused.
    await smCard.getByText("gitlab-e2e-a").waitFor();
    expect((await activate(newCode, "gitlab-e2e-a")).statusCode).toBe(200);
    expect((await activate(newCode, "gitlab-e2e-b")).json().error.code).toBe("already_activated");
  });

  it("S4: releases the activated instance; the next instance activates with the code", async () => {
    const { owner, selfManaged, base } = await scene();
    const code = selfManaged.activationCode!;
    expect((await activate(code, "gitlab-e2e-old")).statusCode).toBe(200);
    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    const smCard = card(page, selfManaged.subscriptionNumber);
    await smCard.getByText("gitlab-e2e-old").waitFor();

    await smCard.getByRole("button", { name: "Release" }).click();
    const dialog = page.getByRole("dialog", { name: "Release the activated instance?" });
    await dialog.getByRole("button", { name: "Release instance" }).click();
    await dialog.waitFor({ state: "hidden" });
    await smCard.getByText("Not activated yet.").waitFor();
    await smCard
      .getByText(`npx billfold license activate ${formatActivationCode(code)} --url ${server().baseUrl}`)
      .waitFor();
    expect(await smCard.getByText("gitlab-e2e-old").count()).toBe(0);
    expect((await owner.client.get(`/api/v1/subscriptions/${selfManaged.id}`)).json().activation).toBeNull();

    expect((await activate(code, "gitlab-e2e-new")).statusCode).toBe(200);
    await page.reload();
    await smCard.getByText("gitlab-e2e-new").waitFor();
  });

  it("R1: on a reseller account the group, license and activation actions work; auto-renew and add-ons are read-only", async () => {
    const { owner, account, saas, selfManaged, base } = await scene();
    await resellerOwned(server(), account.id, "Partner Reseller Inc.");
    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    await page.getByText("Purchased through Partner Reseller Inc.: contact them").waitFor();
    await page
      .getByText("Here you link a GitLab.com group, download the license and activate your instance.")
      .waitFor();

    // Read-only: no auto-renew switch, no add-ons, no purchase; the reseller renews it.
    expect(await page.getByRole("switch", { name: "Auto-renew" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Add seats, storage or compute" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Buy a subscription" }).count()).toBe(0);
    await card(page, saas.subscriptionNumber)
      .getByText(/Partner Reseller Inc\. renews it on/)
      .waitFor();

    // The customer's own: link the group…
    const group = uniqueGroup("reseller-customer");
    await card(page, saas.subscriptionNumber).getByRole("button", { name: "Link a group" }).click();
    const dialog = page.getByRole("dialog", { name: "Link a GitLab.com group" });
    await dialog.getByRole("textbox", { name: "Group path" }).fill(group);
    await dialog.getByRole("button", { name: "Link group" }).click();
    await dialog.waitFor({ state: "hidden" });
    await card(page, saas.subscriptionNumber)
      .getByRole("link", { name: `gitlab.com/${group} (opens GitLab.com in a new tab)` })
      .waitFor();

    // …download the license…
    const smCard = card(page, selfManaged.subscriptionNumber);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      smCard.getByRole("button", { name: "Download license" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`billfold-license-${selfManaged.subscriptionNumber}.txt`);

    // …make a new code and release the instance.
    expect((await activate(selfManaged.activationCode!, "reseller-gitlab-01")).statusCode).toBe(200);
    await page.reload();
    await smCard.getByRole("button", { name: "Generate a new code" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Generate new code" }).click();
    await page.getByRole("dialog", { name: "New activation code" }).getByRole("button", { name: "Done" }).click();
    await smCard.getByRole("button", { name: "Release" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Release instance" }).click();
    await smCard.getByText("Not activated yet.").waitFor();
    await screenshot(page, "subscriptions-reseller-in-use");
  });

  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    it(`${label}: the page and every dialog fit the width and pass axe`, async () => {
      const { owner, saas, selfManaged, base } = await scene();
      const group = uniqueGroup("axe");
      expect(
        (await owner.client.put(`/api/v1/subscriptions/${saas.id}/namespace`, { namespace: group })).statusCode,
      ).toBe(200);
      expect((await activate(selfManaged.activationCode!, "4f1c2a9e-7b3d-4e8a-9c1f-2d6b8e0a5c37")).statusCode).toBe(
        200,
      );
      page = await newPage({ user: owner, viewport: viewport });
      await page.goto(`${base}/subscriptions`);
      await withoutTransitions(page);
      await card(page, saas.subscriptionNumber)
        .getByRole("link", { name: /gitlab\.com\// })
        .waitFor();
      await page.waitForLoadState("networkidle");
      expect(await fitsWidth(page), `fits ${viewport.width} px`).toBe(true);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, `subscriptions-in-use-${label}`);

      const dialogs: [string, string, string][] = [
        [saas.subscriptionNumber, "Change", "Change the linked group"],
        [saas.subscriptionNumber, "Unlink", "Unlink the group?"],
        [selfManaged.subscriptionNumber, "Generate a new code", "Generate a new activation code?"],
        [selfManaged.subscriptionNumber, "Release", "Release the activated instance?"],
      ];
      for (const [number, button, title] of dialogs) {
        await card(page, number).getByRole("button", { name: button, exact: true }).click();
        const dialog = page.getByRole("dialog", { name: title });
        await dialog.waitFor();
        expect(await fitsWidth(page), `${title} fits ${viewport.width} px`).toBe(true);
        await expectNoSeriousA11yViolations(page);
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await dialog.waitFor({ state: "hidden" });
      }

      // The taken-group error on the field, and the new code to copy.
      const other = await scene("other");
      const taken = uniqueGroup("taken");
      await other.owner.client.put(`/api/v1/subscriptions/${other.saas.id}/namespace`, { namespace: taken });
      await card(page, saas.subscriptionNumber).getByRole("button", { name: "Change", exact: true }).click();
      const change = page.getByRole("dialog", { name: "Change the linked group" });
      await change.getByRole("textbox", { name: "Group path" }).fill(taken);
      await change.getByRole("button", { name: "Save group" }).click();
      await change.getByText(TAKEN_MESSAGE).waitFor();
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, `subscriptions-group-taken-${label}`, { fullPage: false });
      await change.getByRole("button", { name: "Cancel" }).click();

      await card(page, selfManaged.subscriptionNumber).getByRole("button", { name: "Generate a new code" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Generate new code" }).click();
      const done = page.getByRole("dialog", { name: "New activation code" });
      await done.getByRole("button", { name: "Done" }).waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, `subscriptions-new-code-${label}`, { fullPage: false });
    });
  }
});
