// S3: what a license file's payload must be, checked on signing and after a signature verifies.
// Strict objects: a field the format does not know is refused, not carried along unread.
import { z } from "zod";
import type { LicensePayload } from "./license.js";

/** The first 16 hex characters of SHA-256 over the raw 32-byte Ed25519 public key. */
export const KEY_ID_PATTERN = /^[0-9a-f]{16}$/;

/** After a subscription's last day, a license stays valid this long: an instance is not cut off at
 * midnight while a renewal's new file is on its way. */
export const LICENSE_GRACE_DAYS = 14;

const text = z.string().min(1).max(500);
const instant = z.iso.datetime({ offset: false });

export const licensePayloadSchema = z
  .strictObject({
    v: z.literal(1),
    licenseId: z.uuid(),
    keyId: z.string().regex(KEY_ID_PATTERN),
    licensee: z.strictObject({ name: text, company: z.string().max(500), email: z.string().min(3).max(320) }),
    plan: z.strictObject({ id: text, name: text }),
    seats: z.number().int().min(1).max(10_000_000),
    subscriptions: z
      .array(z.strictObject({ number: text, start: text, end: text }))
      .min(1)
      .max(100),
    instanceId: z.string().min(1).max(128).nullable(),
    issuedAt: instant,
    expiresAt: instant,
  })
  .refine((p) => Date.parse(p.expiresAt) > Date.parse(p.issuedAt), {
    message: "expiresAt must be after issuedAt",
    path: ["expiresAt"],
  }) satisfies z.ZodType<LicensePayload>;

/** The file's expiry: the latest subscription end (a date or an instant) plus the grace period. */
export function licenseExpiresAt(subscriptionEnds: string[]): string {
  const last = Math.max(...subscriptionEnds.map((end) => Date.parse(end)));
  if (!Number.isFinite(last)) throw new Error("licenseExpiresAt: no valid subscription end");
  return new Date(last + LICENSE_GRACE_DAYS * 86_400_000).toISOString();
}
