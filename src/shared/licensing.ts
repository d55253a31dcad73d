// S2–S4: namespaces, license files and activations. The API contract shared by server and web.
import { z } from "zod";

/**
 * S2: a GitLab.com group path, as the user types it ("acme", "acme/platform"). Segments of
 * letters, digits, "_", "-" and "."; no leading, trailing or doubled "/"; a segment does not start
 * or end with "." or "-". Stored lower-cased: GitLab paths are case-insensitive.
 */
export const NAMESPACE_PATTERN =
  /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?(\/[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?)*$/;
export const namespaceSchema = z
  .string()
  .trim()
  .min(1, "Enter the group's path, as in gitlab.com/<path>.")
  .max(255, "A group path has at most 255 characters.")
  .regex(
    NAMESPACE_PATTERN,
    "A group path is letters, digits, '_', '-', '.' and '/' between groups, e.g. acme/platform.",
  )
  .transform((value) => value.toLowerCase());

/** PUT /subscriptions/:id/namespace (S2). DELETE on the same path unlinks it. */
export const linkNamespaceSchema = z.strictObject({ namespace: namespaceSchema });

/** S4: 24 characters, upper-case letters and digits without look-alikes, shown in groups of 4. */
export const ACTIVATION_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const ACTIVATION_CODE_LENGTH = 24;
/** How a code is shown to people: groups of four, "ABCD-EFGH-…". */
export function formatActivationCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}
/** Accepts the code as shown (with dashes or spaces between groups) or lower-cased. */
export const activationCodeSchema = z
  .string()
  .trim()
  .max(64)
  .transform((value) => value.replace(/[\s-]/g, "").toUpperCase())
  .pipe(
    z
      .string()
      .length(ACTIVATION_CODE_LENGTH, "An activation code has 24 letters and digits.")
      .regex(/^[A-Z0-9]+$/, "An activation code has 24 letters and digits."),
  );

/** An instance's own id: whatever the customer's instance reports (a UUID on GitLab). */
export const instanceIdSchema = z
  .string()
  .trim()
  .min(1, "Enter the instance id.")
  .max(128, "An instance id has at most 128 characters.")
  .regex(/^[A-Za-z0-9._:-]+$/, "An instance id is letters, digits, '.', '_', ':' and '-'.");

/** POST /activations (no cookie: the customer's instance calls it). */
export const activationRequestSchema = z.strictObject({ code: activationCodeSchema, instanceId: instanceIdSchema });

/** 200 of POST /activations: a license file bound to the instance. */
export const activationResultSchema = z.object({
  subscriptionNumber: z.string(),
  instanceId: z.string(),
  /** The license file text (-----BEGIN BILLFOLD LICENSE----- …). */
  license: z.string(),
  licenseExpiresAt: z.string(),
});
export type ActivationResult = z.infer<typeof activationResultSchema>;

/** 200 of POST /subscriptions/:id/activation-code (a new code; the old one stops working). */
export const activationCodeResultSchema = z.object({ activationCode: z.string() });

/** 200 of GET /license-public-key: the current key and every key a license may name (rotation). */
export const licensePublicKeySchema = z.object({
  alg: z.literal("ed25519"),
  keyId: z.string(),
  publicKeyPem: z.string(),
  keys: z.array(z.object({ keyId: z.string(), publicKeyPem: z.string(), current: z.boolean() })),
});
export type LicensePublicKey = z.infer<typeof licensePublicKeySchema>;

/** What a subscription shows about its use (part of SubscriptionSummary). */
export const subscriptionUseSchema = z.object({
  /** S2: the linked group (SaaS), or null. */
  namespace: z.string().nullable(),
  /** S4: the activation code (self-managed; managers only see subscriptions), or null. */
  activationCode: z.string().nullable(),
  /** S4: the instance the subscription is bound to, or null. */
  activation: z.object({ instanceId: z.string(), activatedAt: z.string() }).nullable(),
});
