// S3, fast path (docs/decisions/013): what a license download decides on and signs, in the one
// statement that also checks the session (identity's `sessionRead`, docs/decisions/007).
import { sql } from "kysely";
import type { Db } from "../../platform/db/client.js";
import { managedBy, type ViewerId } from "../accounts/index.js";
import { SUBSCRIPTION_COLUMNS } from "../billing/index.js";

/**
 * The subscription, whether the viewer manages its account (A2), the account's company name and
 * its subscription contact's name and email address (the licensee). No row: no such subscription.
 * Aliases avoid `s`, the session row's alias in `withSessionCheck`, which the viewer id refers to.
 * Its parameters are in the order `sessionRead` passes them: one round trip with the session check.
 */
export function licenseDownloadForViewer(db: Db, viewerId: ViewerId, subscriptionId: string) {
  return db
    .selectFrom(db.selectFrom("subscriptions").select(SUBSCRIPTION_COLUMNS).where("id", "=", subscriptionId).as("sub"))
    .innerJoin("billing_accounts as a", "a.id", "sub.billing_account_id")
    .leftJoin("users as sc", "sc.id", "a.subscription_contact_user_id")
    .selectAll("sub")
    .select([
      managedBy(db, sql.ref<string>("sub.billing_account_id"), viewerId),
      "a.company_name",
      "a.subscription_contact_first_name",
      "a.subscription_contact_last_name",
      "sc.email as subscription_contact_email",
    ]);
}
