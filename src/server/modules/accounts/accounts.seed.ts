// Demo data for `billfold seed --demo` / a first `npm start`: two direct accounts sharing a
// manager, a pending invitation and a custom billing contact, and a reseller customer's account. Idempotent: does nothing when the
// first person already manages an account. No email is sent (the pending invitation's link is
// not known to anyone; a manager can resend it, which renews it).
import { emailKey } from "../../../shared/email.js";
import type { TxScope } from "../../platform/change/write-scope.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import { systemMeta } from "../audit/index.js";
import { INVITATION_TTL_MS } from "./accounts.deps.js";
import { updateAccount } from "./accounts.repository.js";
import { createBillingAccount } from "./accounts.service.js";
import { insertInvitation, resolveInvitation } from "./invitations.repository.js";
import { insertManager } from "./managers.repository.js";

type DemoPerson = { id: string; email: string };

/** A membership that came from an accepted invitation, like every non-creator membership (A5). */
async function joinByInvitation(tx: TxScope, accountId: string, inviter: DemoPerson, joiner: DemoPerson) {
  const invitation = await insertInvitation(tx, {
    accountId,
    email: joiner.email,
    emailKey: emailKey(joiner.email),
    tokenHash: hashToken(randomToken()),
    invitedBy: inviter.id,
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
  });
  await resolveInvitation(tx, invitation.id, "accepted", joiner.id);
  await insertManager(tx, { accountId, userId: joiner.id, source: "invitation", invitationId: invitation.id });
}

export async function seedDemoAccounts(
  tx: TxScope,
  people: { alex: DemoPerson; sam: DemoPerson; jordan: DemoPerson },
  invitee: string,
): Promise<{ northwindId: string; fabrikamId: string } | null> {
  const existing = await tx
    .selectFrom("billing_account_managers")
    .select("billing_account_id")
    .where("user_id", "=", people.alex.id)
    .executeTakeFirst();
  if (existing) return null;
  const deps = { db: tx };

  const northwind = await createBillingAccount(
    deps,
    people.alex.id,
    {
      companyName: "Northwind Traders Inc.",
      taxId: "94-1234567",
      address: { line1: "500 Market Street", city: "San Francisco", region: "CA", postalCode: "94105", country: "US" },
      currency: "USD",
    },
    systemMeta,
    { scope: tx },
  );
  await joinByInvitation(tx, northwind.id, people.alex, people.jordan);
  await insertInvitation(tx, {
    accountId: northwind.id,
    email: invitee,
    emailKey: emailKey(invitee),
    tokenHash: hashToken(randomToken()),
    invitedBy: people.alex.id,
    expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
  });

  const contoso = await createBillingAccount(
    deps,
    people.sam.id,
    {
      companyName: "Contoso GmbH",
      taxId: "DE136695976",
      address: { line1: "Friedrichstraße 68", city: "Berlin", postalCode: "10117", country: "DE" },
      currency: "EUR",
    },
    systemMeta,
    { scope: tx },
  );
  await joinByInvitation(tx, contoso.id, people.sam, people.alex);
  await updateAccount(tx, contoso.id, {
    billing_contact_type: "custom",
    billing_contact_first_name: "Accounts",
    billing_contact_last_name: "Payable",
    billing_contact_email: "ap@contoso.example",
    billing_contact_phone: "+49 30 555 0100",
    billing_contact_address_line1: "Friedrichstraße 68",
    billing_contact_address_city: "Berlin",
    billing_contact_address_postal_code: "10117",
    billing_contact_address_country: "DE",
  });

  // R1, A10: a customer of a reseller (Jordan): managers and contacts are self-service, company
  // details and money are the reseller's.
  const fabrikam = await createBillingAccount(
    deps,
    people.jordan.id,
    {
      companyName: "Fabrikam Ltd",
      taxId: null,
      address: { line1: "10 Finsbury Square", city: "London", postalCode: "EC2A 1AF", country: "GB" },
      currency: "GBP",
    },
    systemMeta,
    { scope: tx },
  );
  await tx
    .updateTable("billing_accounts")
    .set({ channel: "reseller", reseller_name: "Partner Reseller Inc." })
    .where("id", "=", fabrikam.id)
    .execute();
  return { northwindId: northwind.id, fabrikamId: fabrikam.id };
}
