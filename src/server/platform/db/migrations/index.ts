// Every migration, in order. A static list (not a folder scan) so it works the same from
// TypeScript sources and from the compiled build.
import type { Migration } from "kysely";
import * as m0001 from "./2026_11_22_0001_identity_audit_mail.js";
import * as m0100 from "./2026_11_22_0100_billing_accounts.js";
import * as m0200 from "./2026_11_22_0200_user_identities.js";
import * as m0300 from "./2026_11_22_0300_account_version.js";
import * as m0400 from "./2026_11_30_0400_drop_inviter_pending_index.js";
import * as m0500 from "./2026_12_01_0500_event_actor_snapshot.js";
import * as m0550 from "./2026_12_01_0550_email_keys_ascii_domains.js";
import * as m0600 from "./2026_12_01_0600_billing.js";
import * as m0700 from "./2026_12_01_0700_subscription_use.js";

export const migrations: Record<string, Migration> = {
  "2026_11_22_0001_identity_audit_mail": m0001,
  "2026_11_22_0100_billing_accounts": m0100,
  "2026_11_22_0200_user_identities": m0200,
  "2026_11_22_0300_account_version": m0300,
  "2026_11_30_0400_drop_inviter_pending_index": m0400,
  "2026_12_01_0500_event_actor_snapshot": m0500,
  "2026_12_01_0550_email_keys_ascii_domains": m0550,
  "2026_12_01_0600_billing": m0600,
  "2026_12_01_0700_subscription_use": m0700,
};
