// `billfold seed --demo`: demo data so a first `npm start` has something to show.

import type { Catalog } from "../../shared/billing.js";
import { emailKey } from "../../shared/email.js";
import { seedDemoAccounts } from "../modules/accounts/index.js";
import { recordEvent, systemMeta } from "../modules/audit/index.js";
import { DEFAULT_CATALOG, type Seller, seedDemoBilling } from "../modules/billing/index.js";
import { findUserByEmailKey, insertUserOrGetExisting } from "../modules/identity/index.js";
import { seedDemoSubscriptionUse } from "../modules/licensing/index.js";
import { change } from "../platform/change/change.js";
import type { Db } from "../platform/db/client.js";

const DEMO_USERS = [
  { email: "alex@demo.billfold.test", firstName: "Alex", lastName: "Morgan" },
  { email: "sam@demo.billfold.test", firstName: "Sam", lastName: "Rivera" },
  { email: "jordan@demo.billfold.test", firstName: "Jordan", lastName: "Lee" },
];

/** Invited to Northwind by Alex and not registered yet; the list shows it as pending (A6). */
const DEMO_INVITEE = "taylor@demo.billfold.test";

export async function seedDemo(
  db: Db,
  options: { onlyIfEmpty: boolean; catalog?: Catalog; seller?: Seller },
): Promise<{ emails: string[] } | null> {
  if (options.onlyIfEmpty) {
    const any = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
    if (any) return null;
  }
  await change(db, {
    lock: null, // demo rows, made once by one command
    decide: async (tx) => {
      for (const demo of DEMO_USERS) {
        const { user, created } = await insertUserOrGetExisting(tx, {
          email: demo.email,
          emailKey: emailKey(demo.email),
          emailConfirmedAt: new Date(),
        });
        if (!created) continue;
        await tx
          .updateTable("users")
          .set({ first_name: demo.firstName, last_name: demo.lastName })
          .where("id", "=", user.id)
          .execute();
        await recordEvent(tx, systemMeta, { action: "demo.user_created", subjectType: "user", subjectId: user.id });
      }
    },
  });
  // Billing accounts (A1–A8): Northwind (Alex, Jordan; a pending invitation) and Contoso (Sam,
  // Alex — the shared manager; a custom billing contact).
  const accounts = await change(db, {
    lock: null, // demo rows, made once by one command
    decide: async (tx) => {
      const [alex, sam, jordan] = await Promise.all(
        DEMO_USERS.map((u) => findUserByEmailKey(tx, emailKey(u.email)).then((row) => row!)),
      );
      return seedDemoAccounts(tx, { alex: alex!, sam: sam!, jordan: jordan! }, DEMO_INVITEE);
    },
  });
  // Money (B1–B7, R1): cards, subscriptions and paid invoices on Northwind; Fabrikam's reseller
  // subscription; Northwind's subscriptions in use (S2, S4).
  if (accounts) {
    await seedDemoBilling(db, {
      directAccountId: accounts.northwindId,
      resellerAccountId: accounts.fabrikamId,
      catalog: options.catalog ?? DEFAULT_CATALOG,
      seller: options.seller ?? DEFAULT_CATALOG.seller!,
    });
    // S2, S4: a linked SaaS subscription and an activated self-managed one.
    await seedDemoSubscriptionUse(db, { directAccountId: accounts.northwindId });
  }
  return { emails: DEMO_USERS.map((u) => u.email) };
}

/** The demo addresses that exist in this database, so every start can show whom to sign in as. */
export async function existingDemoUsers(db: Db): Promise<{ emails: string[] } | null> {
  const keys = DEMO_USERS.map((u) => emailKey(u.email));
  const rows = await db.selectFrom("users").select("email").where("email_key", "in", keys).execute();
  return rows.length > 0
    ? { emails: DEMO_USERS.map((u) => u.email).filter((e) => rows.some((r) => r.email === e)) }
    : null;
}
