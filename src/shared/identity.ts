// API contracts for sign-in, sessions and the profile (rules I1–I8).
import { z } from "zod";
import { emailSchema } from "./email.js";
import { singleLineText, tokenSchema, verbatimText } from "./text.js";

/** A path inside this portal to land on after signing in (never another site). */
export const returnToSchema = verbatimText(500).regex(/^\/(?![/\\])[^\s]*$/, {
  error: "Must be a path inside the portal",
});

export const signInLinkRequestSchema = z.strictObject({ email: emailSchema, returnTo: returnToSchema.optional() });
export const tokenBodySchema = z.strictObject({ token: tokenSchema });

export const acceptedSchema = z.object({ message: z.string() });

export const identitySchema = z.object({
  provider: z.string(),
  username: z.string().nullable(),
  linkedAt: z.string(),
});

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  emailConfirmed: z.boolean(),
  pendingEmail: z.string().nullable(),
  identities: z.array(identitySchema),
  isStaff: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

const nameSchema = singleLineText({ max: 100 });

export const updateMeSchema = z.strictObject({
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
  email: emailSchema.optional(),
});
export type UpdateMe = z.infer<typeof updateMeSchema>;

export const redeemResultSchema = z.object({ user: meSchema, returnTo: z.string().nullable() });

/**
 * I6, R2: what a person whose login is deactivated is told. `resellerNames` are the resellers of
 * their billing accounts when every one of them is a reseller account (a reseller customer under
 * RESELLER_CUSTOMER_LOGIN=disabled); empty otherwise, for the generic words. Only an answer to
 * someone who proved the address (a redeemed link, an invitation token, the GitLab.com callback)
 * names a reseller: the sign-in link request answers the same for everyone (I2).
 */
export function loginNotActivatedText(resellerNames: readonly string[] = []): string {
  if (resellerNames.length === 0) {
    return "Sign-in is not activated for this profile. If you bought through a reseller, contact your reseller; otherwise contact support.";
  }
  const names = resellerNames.join(" or ");
  return `Sign-in is not activated for this profile: your billing accounts are managed by a reseller. Contact your reseller ${names} for access.`;
}

/** What the web app needs to know before anyone signs in. */
export const publicConfigSchema = z.object({
  oidcEnabled: z.boolean(),
  oidcLabel: z.string(),
  signUp: z.enum(["link", "oidc_only"]),
  devMailbox: z.boolean(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

export const devMailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  createdAt: z.string(),
});
export const devMailboxSchema = z.object({ messages: z.array(devMailSchema) });
