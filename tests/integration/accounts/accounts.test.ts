// A1, A10, strict bodies, AU1/AU2 (events and the activity feed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBillingAccount } from "../../../src/server/modules/accounts/index.js";
import { ADDRESS, accountWithManagers, createAccount, invite } from "../../factories/accounts.js";
import { signedInUser, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

const systemMeta = { requestId: null, ip: null, actor: { type: "system" as const, id: null } };

describe("A1: creating billing accounts", () => {
  it("creates a direct account with a BA- number, default USD; the creator manages it and is its contact", async () => {
    const owner = await signedInUser(t, { firstName: "Ada", lastName: "Lovelace" });
    const res = await owner.client.post("/api/v1/billing-accounts", {
      companyName: "  Analytical Engines Ltd ",
      taxId: "DE 136 695 976",
      address: { ...ADDRESS, line2: "Unit 2", region: "Berlin", country: "DE" },
    });
    expect(res.statusCode).toBe(201);
    const account = res.json();
    expect(account).toMatchObject({
      accountNumber: expect.stringMatching(/^BA-\d{6,}$/),
      companyName: "Analytical Engines Ltd",
      taxId: "DE136695976",
      address: { ...ADDRESS, line2: "Unit 2", region: "Berlin" },
      currency: "USD",
      channel: "direct",
      resellerName: null,
      companyDetailsEditable: true,
      access: "manager",
      warnings: [],
    });
    const managers = (await owner.client.get(`/api/v1/billing-accounts/${account.id}/managers`)).json().managers;
    expect(managers).toEqual([
      expect.objectContaining({ userId: owner.id, isSubscriptionContact: true, isBillingContact: true }),
    ]);
    const event = await t.db
      .selectFrom("events")
      .select(["action", "actor_id"])
      .where("billing_account_id", "=", account.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: "billing_account.created", actor_id: owner.id });
  });

  it("account numbers are unique and increasing; a user can manage any number of accounts", async () => {
    const owner = await signedInUser(t);
    const numbers: string[] = [];
    for (const currency of ["EUR", "GBP", "JPY"]) {
      numbers.push((await createAccount(owner.client, { currency })).accountNumber);
    }
    expect(new Set(numbers).size).toBe(3);
    expect([...numbers].sort()).toEqual(numbers);
    const list = (await owner.client.get("/api/v1/billing-accounts")).json().billingAccounts;
    expect(list).toHaveLength(3);
    expect(list.map((a: { currency: string }) => a.currency).sort()).toEqual(["EUR", "GBP", "JPY"]);
    expect(list[0]).toMatchObject({ managerCount: 1, channel: "direct" });
  });

  it("validates the country (ISO 3166-1 alpha-2) and the currency (ISO 4217)", async () => {
    const owner = await signedInUser(t);
    for (const [body, path] of [
      [{ address: { ...ADDRESS, country: "XX" } }, "address.country"],
      [{ address: { ...ADDRESS, country: "de" } }, "address.country"],
      [{ address: { ...ADDRESS, country: "DEU" } }, "address.country"],
      [{ currency: "XYZ" }, "currency"],
      [{ currency: "usd" }, "currency"],
      [{ companyName: "" }, "companyName"],
      [{ address: { ...ADDRESS, postalCode: undefined } }, "address.postalCode"],
    ] as [Record<string, unknown>, string][]) {
      const res = await owner.client.post("/api/v1/billing-accounts", {
        companyName: "Acme",
        address: ADDRESS,
        ...body,
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe("invalid_input");
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(
      await t.db.selectFrom("billing_accounts").select("id").where("created_by_user_id", "=", owner.id).execute(),
    ).toEqual([]);
  });
});

describe("A10: company details", () => {
  it("managers edit company details of direct accounts; the change is an event with before/after", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const res = await others[0]!.client.patch(`/api/v1/billing-accounts/${account.id}`, {
      companyName: "Acme AG",
      taxId: "DE811569869",
      address: { ...ADDRESS, city: "Hamburg", postalCode: "20095" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ companyName: "Acme AG", taxId: "DE811569869", address: { city: "Hamburg" } });
    const cleared = await owner.client.patch(`/api/v1/billing-accounts/${account.id}`, { taxId: null });
    expect(cleared.json().taxId).toBeNull();
    const events = await t.db
      .selectFrom("events")
      .select(["summary", "actor_id"])
      .where("billing_account_id", "=", account.id)
      .where("action", "=", "billing_account.updated")
      .orderBy("id")
      .execute();
    expect(events).toHaveLength(2);
    expect(events[0]!.summary).toMatchObject({
      companyName: { from: "Acme GmbH", to: "Acme AG" },
      taxId: { from: null, to: "DE811569869" },
      address: { from: { city: "Berlin" }, to: { city: "Hamburg" } },
    });
  });

  it("reseller accounts answer 403 reseller_read_only for company details; managers stay self-service", async () => {
    const owner = await signedInUser(t);
    const created = await createBillingAccount(
      t,
      owner.id,
      { companyName: "Bought Via Partner", address: ADDRESS },
      systemMeta,
      { channel: "reseller", resellerName: "Partner GmbH" },
    );
    const get = (await owner.client.get(`/api/v1/billing-accounts/${created.id}`)).json();
    expect(get).toMatchObject({ channel: "reseller", resellerName: "Partner GmbH", companyDetailsEditable: false });
    const before = await t.db.selectFrom("billing_accounts").selectAll().where("id", "=", created.id).execute();
    const res = await owner.client.patch(`/api/v1/billing-accounts/${created.id}`, { companyName: "Changed" });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("reseller_read_only");
    expect(await t.db.selectFrom("billing_accounts").selectAll().where("id", "=", created.id).execute()).toEqual(
      before,
    );
    expect(
      (await owner.client.post(`/api/v1/billing-accounts/${created.id}/invitations`, { email: uniqueEmail() }))
        .statusCode,
    ).toBe(201);
  });
});

describe("strict bodies: unknown fields answer 400 and change nothing", () => {
  it("refuses role, accountId, isDefault, loginActivated and other unknown fields on every body", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    const base = `/api/v1/billing-accounts/${account.id}`;
    const contacts = {
      subscriptionContact: { userId: owner.id, firstName: "Olive", lastName: "Owner" },
      billingContact: { type: "subscription_contact" },
    };
    const cases: { method: "POST" | "PATCH" | "PUT"; path: string; body: Record<string, unknown> }[] = [
      { method: "POST", path: "/api/v1/billing-accounts", body: { companyName: "X", address: ADDRESS, role: "owner" } },
      {
        method: "POST",
        path: "/api/v1/billing-accounts",
        body: { companyName: "X", address: ADDRESS, channel: "reseller" },
      },
      {
        method: "POST",
        path: "/api/v1/billing-accounts",
        body: { companyName: "X", address: { ...ADDRESS, isDefault: true } },
      },
      { method: "PATCH", path: base, body: { companyName: "X", accountId: "00000000-0000-4000-8000-000000000000" } },
      { method: "PATCH", path: base, body: { accountNumber: "BA-999999" } },
      { method: "PATCH", path: base, body: { currency: "EUR" } },
      { method: "POST", path: `${base}/invitations`, body: { email: uniqueEmail(), role: "admin" } },
      { method: "POST", path: `${base}/invitations`, body: { email: uniqueEmail(), loginActivated: true } },
      { method: "PUT", path: `${base}/contacts`, body: { ...contacts, accountId: account.id } },
      {
        method: "PUT",
        path: `${base}/contacts`,
        body: { ...contacts, subscriptionContact: { ...contacts.subscriptionContact, isDefault: true } },
      },
      { method: "POST", path: "/api/v1/invitations/accept", body: { token: "x".repeat(43), role: "owner" } },
      { method: "POST", path: "/api/v1/invitations/decline", body: { token: "x".repeat(43), accountId: account.id } },
    ];
    const count = async () =>
      JSON.stringify(
        await Promise.all(
          ["billing_accounts", "billing_account_managers", "billing_account_invitations", "events"].map((table) =>
            t.db
              .selectFrom(table as "events")
              .select((eb) => eb.fn.countAll<string>().as("n"))
              .executeTakeFirstOrThrow(),
          ),
        ),
      );
    const before = await count();
    for (const c of cases) {
      const res = await owner.client.request(c.method, c.path, c.body);
      expect(res.statusCode, `${c.method} ${c.path} ${JSON.stringify(c.body)}`).toBe(400);
      expect(res.json().error.code).toBe("invalid_input");
    }
    const query = await owner.client.get(`${base}/events?limit=5&accountId=${account.id}`);
    expect(query.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });
});

describe("AU1/AU2: events and the activity feed", () => {
  it("pages the account's activity newest first with a cursor", async () => {
    const { account, owner } = await accountWithManagers(t, 0);
    for (let i = 0; i < 4; i++) await invite(owner.client, account.id, uniqueEmail(`feed${i}`));
    await owner.client.patch(`/api/v1/billing-accounts/${account.id}`, { companyName: "Feed Co" });
    const seen: { id: string; action: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const res = await owner.client.get(`/api/v1/billing-accounts/${account.id}/events${query}`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.events);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.map((e) => e.action)).toEqual([
      "billing_account.updated",
      "billing_account.invitation_sent",
      "billing_account.invitation_sent",
      "billing_account.invitation_sent",
      "billing_account.invitation_sent",
      "billing_account.created",
    ]);
    const ids = seen.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    expect(seen[0]).toMatchObject({ actor: { type: "user", id: owner.id, email: owner.email } });
    expect((await owner.client.get(`/api/v1/billing-accounts/${account.id}/events?cursor=abc`)).statusCode).toBe(400);
  });

  it("names the actor as they were when the event happened, not as they are now (AU2, issue 13)", async () => {
    const { account, owner } = await accountWithManagers(t, 0, { firstName: "Olive", lastName: "Owner" });
    await invite(owner.client, account.id, uniqueEmail("then"));
    const renamed = await owner.client.patch("/api/v1/me", { firstName: "Olivia", lastName: "Okafor" });
    expect(renamed.statusCode).toBe(200);
    await owner.client.patch(`/api/v1/billing-accounts/${account.id}`, { companyName: "Renamed Co" });

    const { events } = (await owner.client.get(`/api/v1/billing-accounts/${account.id}/events`)).json();
    const actorOf = (action: string) => events.find((e: { action: string }) => e.action === action).actor;
    expect(actorOf("billing_account.updated")).toMatchObject({ name: "Olivia Okafor", email: owner.email });
    expect(actorOf("billing_account.invitation_sent")).toMatchObject({ name: "Olive Owner", email: owner.email });
    expect(actorOf("billing_account.created")).toMatchObject({ name: "Olive Owner" });
  });

  it("a refused change writes no event and enqueues no email (E1)", async () => {
    const { account, owner, others } = await accountWithManagers(t, 1);
    const jobs = async () =>
      Number(
        (
          await t.db
            .selectFrom("pgboss.job" as "events")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const events = async () =>
      (await t.db.selectFrom("events").select("id").where("billing_account_id", "=", account.id).execute()).length;
    const before = [await jobs(), await events()];
    // 409: inviting a manager; 409: removing the subscription contact.
    expect(
      (await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, { email: others[0]!.email }))
        .statusCode,
    ).toBe(409);
    expect(
      (await others[0]!.client.delete(`/api/v1/billing-accounts/${account.id}/managers/${owner.id}`)).statusCode,
    ).toBe(409);
    expect([await jobs(), await events()]).toEqual(before);
  });
});

describe("A1: tax IDs are checked for their country", () => {
  it("a VAT number with a wrong check digit or format is a 400 naming the field; nothing is created or changed", async () => {
    const owner = await signedInUser(t);
    const before = (await owner.client.get("/api/v1/billing-accounts")).json().billingAccounts.length;
    const bad = await owner.client.post("/api/v1/billing-accounts", {
      companyName: "Typo GmbH",
      taxId: "DE136695977",
      address: ADDRESS,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "invalid_tax_id", details: [{ path: "taxId" }] });
    expect(bad.json().error.message).toMatch(/check digits/);
    expect((await owner.client.get("/api/v1/billing-accounts")).json().billingAccounts.length).toBe(before);

    const account = await createAccount(owner.client, { taxId: "DE136695976" });
    const patch = await owner.client.patch(`/api/v1/billing-accounts/${account.id}`, { taxId: "DE12" });
    expect([patch.statusCode, patch.json().error.code]).toEqual([400, "invalid_tax_id"]);
    expect((await owner.client.get(`/api/v1/billing-accounts/${account.id}`)).json().taxId).toBe("DE136695976");
  });
});
