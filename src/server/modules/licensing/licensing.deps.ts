import type { LicenseKeys } from "../../platform/licensing/license.js";
import type { AccountsDeps } from "../accounts/index.js";

/** What the licensing services need: the accounts module's dependencies and the signing keys. */
export type LicensingDeps = AccountsDeps & { licenseKeys: LicenseKeys };

/** S4: activation attempts (README "Abuse limits"); RATE_LIMIT_SCALE multiplies them. */
export const LIMITS = {
  /** Attempts with one code, whatever the answer: guessing around a known code, a looping script. */
  activationPerCode: { name: "activation-code", limit: 10, windowSeconds: 60 * 60 },
  /** Attempts from one IP, any code: guessing codes (120 bits each; this keeps it hopeless). */
  activationPerIp: { name: "activation-ip", limit: 30, windowSeconds: 15 * 60 },
} as const;
