// Reads a license file the way `billfold license verify` does (the one verifier,
// src/server/platform/licensing/license-format.ts), for tests that receive one by download or mail.
import type { LicenseKeys, LicensePayload } from "../../src/server/platform/licensing/license.js";
import { LICENSE_FAILURE_MESSAGES, verifyLicense } from "../../src/server/platform/licensing/license-format.js";

/** The payload if the file's signature holds with one of `keys`; throws otherwise. */
export function readLicenseFile(text: string, keys: LicenseKeys): LicensePayload {
  const result = verifyLicense(text, keys.verifying);
  if (!result.ok) throw new Error(LICENSE_FAILURE_MESSAGES[result.reason]);
  return result.payload;
}
