// S3: the signed license file of a self-managed subscription, downloaded by its managers (reseller
// customers too, R1) or attached to the subscription contact's email by the mail worker.

import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import { signLicense } from "../../platform/licensing/license-format.js";
import type { Attachment } from "../../platform/mail/message.js";
import { findAccountWithContacts, type Viewer } from "../accounts/index.js";
import { findSubscription, getSubscriptionFor, type SubscriptionRow } from "../billing/index.js";
import { buildLicensePayload } from "./license-payload.js";
import type { LicensingDeps } from "./licensing.deps.js";
import { isEnded, onlySelfManaged, staffNoLicense, subscriptionEnded } from "./subscription-use.errors.js";

export const licenseFileName = (subscriptionNumber: string) => `billfold-license-${subscriptionNumber}.txt`;

/** Signs a license for the subscription as it is now, for its account's current contact. */
export async function signLicenseFor(
  db: Db | Tx,
  deps: Pick<LicensingDeps, "licenseKeys">,
  subscription: SubscriptionRow,
  instanceId: string | null,
  now = new Date(),
): Promise<{ license: string; expiresAt: string }> {
  const found = await findAccountWithContacts(db, subscription.billing_account_id);
  if (!found) throw new Error(`billing account of subscription ${subscription.id} not found`);
  const payload = buildLicensePayload({ ...found, subscription, instanceId, now });
  return { license: signLicense(deps.licenseKeys, payload), expiresAt: payload.expiresAt };
}

/** GET /subscriptions/:id/license. */
export async function downloadLicense(
  deps: Pick<LicensingDeps, "db" | "licenseKeys">,
  viewer: Viewer,
  subscriptionId: string,
): Promise<{ fileName: string; text: string }> {
  const { row, access } = await getSubscriptionFor(deps, viewer, subscriptionId, "read");
  if (access !== "manager") throw staffNoLicense();
  if (row.deployment !== "self_managed") throw onlySelfManaged();
  if (isEnded(row)) throw subscriptionEnded();
  const { license } = await signLicenseFor(deps.db, deps, row, null);
  return { fileName: licenseFileName(row.subscription_number), text: license };
}

/**
 * The `license_file` attachment's producer (wired into the mail worker in app/bootstrap.ts): the
 * file is signed when the mail is delivered, so the job holds no license and the file names the
 * subscription as it is then.
 */
export async function licenseAttachment(
  deps: Pick<LicensingDeps, "db" | "licenseKeys">,
  subscriptionId: string,
): Promise<Attachment> {
  const row = await findSubscription(deps.db, subscriptionId);
  if (!row) throw new Error(`subscription ${subscriptionId} not found for its license email`);
  const { license } = await signLicenseFor(deps.db, deps, row, null);
  return {
    filename: licenseFileName(row.subscription_number),
    contentType: "text/plain",
    content: Buffer.from(license),
  };
}
