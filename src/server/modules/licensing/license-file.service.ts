// S3: the signed license file of a self-managed subscription, downloaded by its managers (reseller
// customers too, R1) or attached to the subscription contact's email by the mail worker.

import type { Db } from "../../platform/db/client.js";
import type { Tx } from "../../platform/db/transaction.js";
import { signLicense } from "../../platform/licensing/license-format.js";
import type { Attachment } from "../../platform/mail/message.js";
import { findAccountWithContacts } from "../accounts/index.js";
import { findSubscription, subscriptionNotFound } from "../billing/index.js";
import { type SessionCookie, sessionRead } from "../identity/index.js";
import { licenseDownloadForViewer } from "./license-download.repository.js";
import { buildLicensePayload } from "./license-payload.js";
import type { LicensingDeps } from "./licensing.deps.js";
import { isEnded, onlySelfManaged, staffNoLicense, subscriptionEnded } from "./subscription-use.errors.js";

export const licenseFileName = (subscriptionNumber: string) => `billfold-license-${subscriptionNumber}.txt`;

/** Who a license names: the account's company and its subscription contact (S3). */
type Licensee = Pick<Parameters<typeof buildLicensePayload>[0], "account" | "subscriptionContact">;

/** The licensee of an account, read as it is now. */
export async function findLicensee(db: Db | Tx, accountId: string): Promise<Licensee> {
  const found = await findAccountWithContacts(db, accountId);
  if (!found) throw new Error(`billing account ${accountId} not found for its license`);
  return { account: found.account, subscriptionContact: found.contacts.subscriptionContact };
}

/** Signs a license for the subscription as it is now: the one way the download, activation and email make one. */
export function signLicenseFile(
  deps: Pick<LicensingDeps, "licenseKeys">,
  licensee: Licensee,
  subscription: Parameters<typeof buildLicensePayload>[0]["subscription"],
  instanceId: string | null,
  now = new Date(),
): { license: string; expiresAt: string } {
  const payload = buildLicensePayload({ ...licensee, subscription, instanceId, now });
  return { license: signLicense(deps.licenseKeys, payload), expiresAt: payload.expiresAt };
}

/**
 * GET /subscriptions/:id/license, on the fast path (docs/decisions/013): the session check, the
 * subscription, the viewer's access and the licensee in one statement, then the signature.
 * Answers as the plain path would: 401 without a live session, 404 for a subscription that is
 * not the viewer's or does not exist (A2), 403 for staff, 409 for a SaaS or ended subscription.
 */
export async function downloadLicense(
  deps: Pick<LicensingDeps, "db" | "licenseKeys">,
  session: SessionCookie,
  subscriptionId: string,
  now = new Date(),
): Promise<{ fileName: string; text: string }> {
  const { user: viewer, rows } = await sessionRead(deps.db, session, licenseDownloadForViewer, subscriptionId);
  const row = rows[0];
  if (!row) throw subscriptionNotFound();
  // A2: staff see subscriptions but take no license (support console); anyone else not a manager
  // gets the answer an unknown id gets.
  if (!row.is_manager) throw viewer.staffRole !== null ? staffNoLicense() : subscriptionNotFound();
  if (row.deployment !== "self_managed") throw onlySelfManaged();
  if (isEnded(row)) throw subscriptionEnded();
  const licensee = {
    account: row,
    subscriptionContact: {
      firstName: row.subscription_contact_first_name,
      lastName: row.subscription_contact_last_name,
      email: row.subscription_contact_email,
    },
  };
  const { license } = signLicenseFile(deps, licensee, row, null, now);
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
  const { license } = signLicenseFile(deps, await findLicensee(deps.db, row.billing_account_id), row, null);
  return {
    filename: licenseFileName(row.subscription_number),
    contentType: "text/plain",
    content: Buffer.from(license),
  };
}
