// Issue 12 item 10: keys stored before email keys held the ASCII form of the domain are rekeyed,
// so an existing profile is still the one its address signs in to (no second profile), and a
// mailbox that already has two profiles is left for staff rather than merged by guesswork.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { up } from "../../../src/server/platform/db/migrations/2026_12_01_0550_email_keys_ascii_domains.js";
import { createAccount } from "../../factories/accounts.js";
import { signedInUser } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const local = () => `old-${randomBytes(4).toString("hex")}`;

/** A profile as the old rule keyed it: NFC, lower-case, the domain as typed. */
async function oldStyleUser(email: string) {
  const user = await signedInUser(t, { email });
  await t.db.updateTable("users").set({ email_key: email.toLowerCase() }).where("id", "=", user.id).execute();
  return user;
}

const keyOf = async (id: string) =>
  (await t.db.selectFrom("users").select("email_key").where("id", "=", id).executeTakeFirstOrThrow()).email_key;

describe("rekeying stored email keys on the ASCII domain (issue 12 item 10)", () => {
  it("rekeys profiles, pending addresses, links and invitations; a later sign-in finds the same profile", async () => {
    const name = local();
    const user = await oldStyleUser(`${name}@Exämple.test`);
    const owner = await signedInUser(t);
    const account = await createAccount(owner.client);
    const invited = `${local()}@bücher.test`;
    const invitation = await owner.client.post(`/api/v1/billing-accounts/${account.id}/invitations`, {
      email: invited,
    });
    expect(invitation.statusCode, invitation.body).toBe(201);
    await t.db
      .updateTable("billing_account_invitations")
      .set({ email_key: invited })
      .where("id", "=", invitation.json().id)
      .execute();
    await t.db.updateTable("users").set({ pending_email_key: "new@bücher.test" }).where("id", "=", owner.id).execute();

    await up(t.db as unknown as Kysely<unknown>);

    expect(await keyOf(user.id)).toBe(`${name}@xn--exmple-cua.test`);
    const ownerRow = await t.db
      .selectFrom("users")
      .select("pending_email_key")
      .where("id", "=", owner.id)
      .executeTakeFirstOrThrow();
    expect(ownerRow.pending_email_key).toBe("new@xn--bcher-kva.test");
    const invitationRow = await t.db
      .selectFrom("billing_account_invitations")
      .select("email_key")
      .where("id", "=", invitation.json().id)
      .executeTakeFirstOrThrow();
    expect(invitationRow.email_key).toBe(invited.replace("bücher", "xn--bcher-kva"));

    // The existing profile is the one a sign-in link for either spelling reaches.
    const users = await t.db.selectFrom("users").select("id").execute();
    const link = await t.client().post("/api/v1/auth/sign-in-link", { email: `${name}@xn--exmple-cua.test` });
    expect(link.statusCode).toBe(202);
    const token = await t.db
      .selectFrom("one_time_tokens")
      .select("user_id")
      .where("email_key", "=", `${name}@xn--exmple-cua.test`)
      .executeTakeFirstOrThrow();
    expect(token.user_id).toBe(user.id);
    expect(await t.db.selectFrom("users").select("id").execute()).toHaveLength(users.length);
  });

  it("leaves a second profile of one mailbox as it is, and runs again without change", async () => {
    const name = local();
    const unicode = await oldStyleUser(`${name}@exämple.test`);
    const ascii = await signedInUser(t, { email: `${name}@xn--exmple-cua.test` });
    await up(t.db as unknown as Kysely<unknown>);
    await up(t.db as unknown as Kysely<unknown>);
    expect(await keyOf(unicode.id)).toBe(`${name}@exämple.test`);
    expect(await keyOf(ascii.id)).toBe(`${name}@xn--exmple-cua.test`);
  });
});
