// Money pages in a real Chromium against the real server (issue 15): a card added through the
// dialog reaches the API only as a token (B1), the gateway's field errors show on the field, the
// default moves and the default can't be removed (B2), a plan bought with a live preview and a
// declined card said plainly (B3–B5), the invoice listed and its PDF downloaded and read (B4, B6),
// an add-on paid once however often Pay is clicked (B5), the reseller message instead of buttons
// (R1), and every new page at 390 px without sideways scrolling and without serious axe findings.
import { readFile } from "node:fs/promises";
import { PDFParse } from "pdf-parse";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { createAccount } from "../factories/accounts.js";
import { addCard, CARDS, makeReseller, purchaseBody } from "../factories/billing.js";
import { signedInUser } from "../factories/users.js";
import { DESKTOP, describeInBrowser, PHONE, useBrowserTest } from "./browser-fixture.js";
import { expectNoSeriousA11yViolations, fitsWidth, screenshot, uniqueEmail, withoutTransitions } from "./helpers.js";

const NEXT_YEAR = String((new Date().getUTCFullYear() + 2) % 100).padStart(2, "0");

describeInBrowser("money pages", () => {
  const { server, newPage } = useBrowserTest();
  let page: Page;

  /** A manager of a direct EUR account in Łódź (the PDF must carry the Unicode name). */
  async function scene() {
    const owner = await signedInUser(server(), { email: uniqueEmail("owner"), firstName: "Olive", lastName: "Owner" });
    const account = await createAccount(owner.client, {
      companyName: "Łódź Widgets Sp. z o.o.",
      address: { line1: "ul. Piotrkowska 1", city: "Łódź", postalCode: "90-001", country: "PL" },
      currency: "EUR",
    });
    return { owner, account, base: `${server().baseUrl}/billing-accounts/${account.id}` };
  }

  async function addCardThroughDialog(p: Page, number: string, holder = "Olive Owner") {
    await p.getByRole("button", { name: "Add card" }).click();
    const dialog = p.getByRole("dialog", { name: "Add a card" });
    await dialog.getByLabel("Name on card").fill(holder);
    await dialog.getByLabel("Card number").fill(number);
    await dialog.getByLabel("Expiry").fill(`12${NEXT_YEAR}`);
    await dialog.getByLabel("CVC").fill("123");
    await dialog.getByRole("button", { name: "Add card" }).click();
    return dialog;
  }

  const cardItem = (p: Page, spoken: string) =>
    p.getByRole("list", { name: "Cards" }).getByRole("listitem", { name: spoken });

  it("adds cards through the dialog (only a token reaches the API), moves the default, keeps the default", async () => {
    const { owner, base } = await scene();
    page = await newPage({ user: owner });
    const apiBodies: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/api/")) apiBodies.push(request.postData() ?? "");
    });
    await page.goto(`${base}/payment-methods`);
    await page.getByText("No cards yet").waitFor();

    // The gateway refuses a number that fails the Luhn check: said on the field.
    const dialog = await addCardThroughDialog(page, "4242 4242 4242 4241");
    await dialog.getByText("The card number is not valid.").waitFor();
    await dialog.getByLabel("Card number").fill(CARDS.visa);
    await dialog.getByRole("button", { name: "Add card" }).click();
    await dialog.waitFor({ state: "hidden" });
    const visa = cardItem(page, "Visa ending in 4242");
    await visa.getByText("Default", { exact: true }).waitFor();

    await (await addCardThroughDialog(page, CARDS.mastercard, "Finance Team")).waitFor({ state: "hidden" });
    const mastercard = cardItem(page, "Mastercard ending in 4444");
    await mastercard.getByText("Finance Team").waitFor();
    expect(await mastercard.getByText("Default", { exact: true }).count()).toBe(0);

    // B1: the numbers went to the gateway's endpoint, never to Billfold's API.
    expect(apiBodies.some((body) => body.includes('"token"'))).toBe(true);
    for (const number of [CARDS.visa, CARDS.mastercard]) {
      expect(apiBodies.filter((body) => body.replace(/\D/g, "").includes(number))).toEqual([]);
    }

    // B2: another card becomes the default; the default can't be removed while others exist.
    await mastercard.getByRole("button", { name: "Actions for Mastercard ending in 4444" }).click();
    await page.getByRole("menuitem", { name: "Make default" }).click();
    await mastercard.getByText("Default", { exact: true }).waitFor();
    await expect.poll(() => visa.getByText("Default", { exact: true }).count()).toBe(0);

    await mastercard.getByRole("button", { name: "Actions for Mastercard ending in 4444" }).click();
    await page.getByRole("menuitem", { name: "Remove" }).click();
    const remove = page.getByRole("dialog", { name: /Remove Mastercard/ });
    await remove.getByRole("button", { name: "Remove card" }).click();
    await remove.getByRole("alert").getByText("Make another card the default before removing it.").waitFor();
    await remove.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByRole("list", { name: "Cards" }).getByRole("listitem").count()).toBe(2);
  });

  it("buys a plan with a live preview, says why a card was declined, lists the invoice and its PDF", async () => {
    const { owner, account, base } = await scene();
    await addCard(owner.client, account.id, CARDS.visa);
    await addCard(owner.client, account.id, CARDS.declined);
    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    await page.getByText("No subscriptions yet").waitFor();
    await page.getByRole("link", { name: "Buy a subscription" }).click();
    await page.waitForURL(/\/subscriptions\/new$/);

    await page.getByRole("radio", { name: /^Premium, €324\.00 per seat per year/ }).click();
    await page.getByRole("textbox", { name: "Seats" }).fill("3");
    // 3 × €324.00 for the year, the server's preview, on the button.
    const pay = page.getByRole("button", { name: "Pay €972.00" });
    await pay.waitFor();
    await expect.poll(() => page.getByTestId("quote-total").textContent()).toBe("€972.00");

    // The declined card: nothing bought, and the page says why (decline code → human message).
    await page.getByLabel("Pay with").selectOption({ label: "Visa ending in 0002" });
    await pay.click();
    const declined = page.getByRole("alert").filter({ hasText: "The payment was declined" });
    await declined
      .getByText(/declined/i)
      .first()
      .waitFor();
    expect(await page.url()).toMatch(/\/subscriptions\/new$/);

    await page.getByLabel("Pay with").selectOption({ label: "Visa ending in 4242 (default)" });
    await pay.click();
    await page.waitForURL(/\/subscriptions$/);
    const toast = page.getByText(/Invoice INV-\S+: €972\.00 paid\./);
    const invoiceNumber = /Invoice (INV-\S+):/.exec((await toast.textContent()) ?? "")?.[1];
    expect(invoiceNumber).toBeTruthy();
    const subscriptions = page.getByRole("list", { name: "Subscriptions" });
    await subscriptions.getByText("Premium · SaaS").waitFor();
    await subscriptions.getByText("Active", { exact: true }).waitFor();
    expect(await subscriptions.getByRole("listitem").count()).toBe(1);

    await page.getByRole("link", { name: "Invoices" }).click();
    const row = page.getByRole("row").filter({ hasText: invoiceNumber! });
    await row.getByText("€972.00").waitFor();
    await row.getByText("Paid").waitFor();
    expect(await page.getByRole("table", { name: "Invoices" }).getByRole("row").count()).toBe(2); // header + one

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      row.getByRole("link", { name: `Download invoice ${invoiceNumber} as PDF` }).click(),
    ]);
    const data = await readFile((await download.path())!);
    const { text } = await new PDFParse({ data: new Uint8Array(data) }).getText();
    expect(text).toContain(invoiceNumber!);
    expect(text).toContain("Łódź Widgets Sp. z o.o.");
    expect(text).toMatch(/€\s?972\.00|972\.00\s?€|EUR\s?972\.00/);
  });

  it("adds seats with a prorated preview and charges once however often Pay is clicked", async () => {
    const { owner, account, base } = await scene();
    await addCard(owner.client, account.id, CARDS.visa);
    const bought = await owner.client.post("/api/v1/purchases", purchaseBody(account.id, { seats: 2 }), {
      "Idempotency-Key": crypto.randomUUID(),
    });
    expect(bought.statusCode, bought.body).toBe(201);
    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    await page.getByRole("button", { name: "Add seats, storage or compute" }).click();
    const dialog = page.getByRole("dialog", { name: /Add to Premium/ });
    await dialog.getByRole("textbox", { name: "Seats to add" }).fill("4");
    await dialog
      .getByTestId("proration")
      .getByText(/Prorated: \d+ of \d+ days/)
      .waitFor();
    const pay = dialog.getByRole("button", { name: /^Pay €/ });
    await pay.waitFor();
    await pay.dblclick();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("list", { name: "Subscriptions" }).getByText("6", { exact: true }).waitFor();

    const invoices = await owner.client.get(`/api/v1/billing-accounts/${account.id}/invoices`);
    expect(
      invoices
        .json()
        .invoices.map((invoice: { kind: string }) => invoice.kind)
        .sort(),
    ).toEqual(["add_on", "purchase"]);
  });

  it("says why a renewal failed on a past-due subscription, and turns auto-renew off (B7)", async () => {
    const { owner, account, base } = await scene();
    await addCard(owner.client, account.id, CARDS.visa);
    const bought = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), {
      "Idempotency-Key": crypto.randomUUID(),
    });
    expect(bought.statusCode, bought.body).toBe(201);
    // As the renewal run leaves it after a declined charge.
    await server()
      .db.updateTable("subscriptions")
      .set({ status: "past_due", last_renewal_decline: "insufficient_funds" })
      .where("id", "=", bought.json().subscription.id)
      .execute();
    page = await newPage({ user: owner });
    await page.goto(`${base}/subscriptions`);
    const card = page.getByRole("list", { name: "Subscriptions" }).getByRole("listitem");
    await card.getByText("Past due", { exact: true }).waitFor();
    await card.getByText("The card has insufficient funds. Try another card.").waitFor();
    await card.getByRole("link", { name: "Update your payment method" }).waitFor();

    const autoRenew = card.getByRole("switch", { name: "Auto-renew" });
    expect(await autoRenew.isChecked()).toBe(true);
    await autoRenew.click({ force: true });
    await card.getByText(/it will not renew/).waitFor();
    const after = await owner.client.get(`/api/v1/subscriptions/${bought.json().subscription.id}`);
    expect(after.json().autoRenew).toBe(false);
  });

  it("shows the reseller's message instead of the buttons on a reseller account (R1)", async () => {
    const { owner, account, base } = await scene();
    await addCard(owner.client, account.id, CARDS.visa);
    const bought = await owner.client.post("/api/v1/purchases", purchaseBody(account.id), {
      "Idempotency-Key": crypto.randomUUID(),
    });
    expect(bought.statusCode, bought.body).toBe(201);
    await makeReseller(server(), account.id, "Partner Reseller Inc.");
    page = await newPage({ user: owner });
    const message = "Purchased through Partner Reseller Inc.: contact them";

    await page.goto(`${base}/payment-methods`);
    await page.getByText(message).waitFor();
    expect(await page.getByRole("button", { name: "Add card" }).count()).toBe(0);

    await page.goto(`${base}/invoices`);
    await page.getByText(message).waitFor();
    expect(await page.getByRole("link", { name: /Download invoice/ }).count()).toBe(0);

    await page.goto(`${base}/subscriptions/new`);
    await page.getByText(message).waitFor();
    expect(await page.getByRole("button", { name: /^Pay/ }).count()).toBe(0);

    // The subscription is listed, read-only: no auto-renew switch, no add-ons, no purchase.
    await page.goto(`${base}/subscriptions`);
    await page.getByRole("list", { name: "Subscriptions" }).getByText("Premium · SaaS").waitFor();
    await page.getByText(message).waitFor();
    expect(await page.getByRole("switch", { name: "Auto-renew" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Add seats, storage or compute" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Buy a subscription" }).count()).toBe(0);
    // R1, S2: linking the group stays the customer's own.
    await page.getByRole("button", { name: "Link a group" }).waitFor();
    await screenshot(page, "billing-reseller-subscriptions");
  });

  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    it(`${label}: every money page fits the width and passes axe, with data in it`, async () => {
      const { owner, account, base } = await scene();
      await addCard(owner.client, account.id, CARDS.visa);
      await addCard(owner.client, account.id, CARDS.mastercard);
      const bought = await owner.client.post("/api/v1/purchases", purchaseBody(account.id, { seats: 12 }), {
        "Idempotency-Key": crypto.randomUUID(),
      });
      expect(bought.statusCode, bought.body).toBe(201);
      page = await newPage({ user: owner, viewport: viewport });
      const pages: [string, string, string][] = [
        ["billing-payment-methods", "/payment-methods", "Visa •••• 4242"],
        ["billing-subscriptions", "/subscriptions", "Premium · SaaS"],
        ["billing-purchase", "/subscriptions/new", "Summary"],
        ["billing-invoices", "/invoices", "Download PDF"],
      ];
      for (const [name, path, text] of pages) {
        await page.goto(`${base}${path}`);
        await withoutTransitions(page);
        await page.getByText(text).first().waitFor();
        await page.waitForLoadState("networkidle");
        expect(await fitsWidth(page), `${path} fits ${viewport.width} px`).toBe(true);
        await expectNoSeriousA11yViolations(page);
        await screenshot(page, `${name}-${label}`);
      }
      // The dialogs too: adding a card, and adding seats with the preview.
      await page.goto(`${base}/payment-methods`);
      await withoutTransitions(page);
      await page.getByRole("button", { name: "Add card" }).click();
      await page.getByRole("dialog", { name: "Add a card" }).getByLabel("Card number").waitFor();
      await expectNoSeriousA11yViolations(page);
      await page.goto(`${base}/subscriptions`);
      await withoutTransitions(page);
      await page.getByRole("button", { name: "Add seats, storage or compute" }).click();
      await page
        .getByRole("dialog")
        .getByRole("button", { name: /^Pay €/ })
        .waitFor();
      expect(await fitsWidth(page)).toBe(true);
      await expectNoSeriousA11yViolations(page);
    });
  }
});
