// API contracts for billing accounts, managers, invitations, contacts and activity (rules A1–A10,
// AU2). Request bodies are strict: an unknown field (role, accountId, isDefault, …) answers 400.
// Every route is under /api/v1; the comment above each schema names the route it belongs to.
import { z } from "zod";
import { emailSchema } from "./email.js";
import { ERROR_CODES } from "./errors.js";
import { COUNTRY_CODES, CURRENCY_CODES, DEFAULT_CURRENCY } from "./iso.js";
import { optionalText, requiredText, singleLineText, tokenSchema } from "./text.js";

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const idSchema = z.string().regex(UUID, { error: "Must be an id" });

/** A1: ISO 3166-1 alpha-2, upper case (e.g. "DE"). */
export const countryCodeSchema = z.enum(COUNTRY_CODES, { error: "Use an ISO 3166-1 alpha-2 country code" });
/** A1: ISO 4217, upper case (e.g. "EUR"). */
export const currencyCodeSchema = z.enum(CURRENCY_CODES, { error: "Use an ISO 4217 currency code" });

/** A postal address, as sent. `line2` and `region` may be omitted or null. */
export const addressInputSchema = z.strictObject({
  line1: requiredText(200),
  line2: optionalText(200),
  city: requiredText(100),
  region: optionalText(100),
  postalCode: requiredText(20),
  country: countryCodeSchema,
});
export type AddressInput = z.input<typeof addressInputSchema>;

/** A postal address, as answered. */
export const addressSchema = z.object({
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string(),
  country: z.string(),
});
export type Address = z.infer<typeof addressSchema>;

const phoneSchema = singleLineText({ max: 40 })
  .regex(/^[0-9+()./\- ]*$/, { error: "Use digits, spaces and + ( ) - . / only" })
  .nullable()
  .optional()
  .transform((v) => (v === "" ? null : v));

/** A9: what the UI turns into a prompt. */
export const accountWarningSchema = z.object({
  code: z.enum(["contact_name_differs", "subscription_contact_not_manager"]),
  contact: z.enum(["subscription", "billing"]),
  message: z.string(),
});
export type AccountWarning = z.infer<typeof accountWarningSchema>;

export const channelSchema = z.enum(["direct", "reseller"]);
export type Channel = z.infer<typeof channelSchema>;

// ---------------------------------------------------------------------------------------------
// Accounts: GET/POST /billing-accounts, GET/PATCH /billing-accounts/:id
// ---------------------------------------------------------------------------------------------

/** Path params of every /billing-accounts/:id… route. */
export const accountParamsSchema = z.strictObject({ id: idSchema });

/** POST /billing-accounts — creates a direct account; the creator becomes manager and subscription contact (A1, A8). */
export const createBillingAccountSchema = z.strictObject({
  companyName: requiredText(200),
  taxId: optionalText(50),
  address: addressInputSchema,
  currency: currencyCodeSchema.default(DEFAULT_CURRENCY),
});
export type CreateBillingAccount = z.input<typeof createBillingAccountSchema>;

/**
 * PATCH /billing-accounts/:id — company details (A10: direct accounts only; reseller accounts
 * answer 403 reseller_read_only). The currency is fixed at creation.
 */
export const updateBillingAccountSchema = z.strictObject({
  companyName: requiredText(200).optional(),
  taxId: optionalText(50),
  address: addressInputSchema.optional(),
});
export type UpdateBillingAccount = z.input<typeof updateBillingAccountSchema>;

/** One entry of GET /billing-accounts (the accounts the signed-in user manages). */
export const billingAccountSummarySchema = z.object({
  id: z.string(),
  accountNumber: z.string(),
  companyName: z.string(),
  channel: channelSchema,
  resellerName: z.string().nullable(),
  currency: z.string(),
  managerCount: z.number().int(),
});
export type BillingAccountSummary = z.infer<typeof billingAccountSummarySchema>;
export const billingAccountListSchema = z.object({ billingAccounts: z.array(billingAccountSummarySchema) });

/** GET/PATCH /billing-accounts/:id, 201 of POST /billing-accounts. */
export const billingAccountSchema = z.object({
  id: z.string(),
  accountNumber: z.string(),
  companyName: z.string(),
  taxId: z.string().nullable(),
  address: addressSchema,
  currency: z.string(),
  channel: channelSchema,
  resellerName: z.string().nullable(),
  /** A10: false on reseller accounts, and for staff (read-only here). */
  companyDetailsEditable: z.boolean(),
  /** How the viewer reaches the account: as one of its managers, or as staff (read-only). */
  access: z.enum(["manager", "staff"]),
  createdAt: z.string(),
  updatedAt: z.string(),
  warnings: z.array(accountWarningSchema),
});
export type BillingAccount = z.infer<typeof billingAccountSchema>;

// ---------------------------------------------------------------------------------------------
// Managers: GET /billing-accounts/:id/managers, DELETE /billing-accounts/:id/managers/:userId
// ---------------------------------------------------------------------------------------------

export const managerParamsSchema = z.strictObject({ id: idSchema, userId: idSchema });

export const managerSchema = z.object({
  userId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  addedAt: z.string(),
  isSubscriptionContact: z.boolean(),
  isBillingContact: z.boolean(),
  /** The signed-in user (removing yourself is leaving). */
  isYou: z.boolean(),
});
export type Manager = z.infer<typeof managerSchema>;
export const managerListSchema = z.object({ managers: z.array(managerSchema) });

// ---------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------

export const invitationParamsSchema = z.strictObject({ id: idSchema, invitationId: idSchema });
/** /invitations/:id/accept and /invitations/:id/decline */
export const myInvitationParamsSchema = z.strictObject({ id: idSchema });
export const invitationTokenParamsSchema = z.strictObject({ token: tokenSchema });
/** POST /invitations/accept and /invitations/decline (the token from the emailed link). */
export const invitationTokenBodySchema = z.strictObject({ token: tokenSchema });

export const inviterSchema = z.object({ name: z.string(), email: z.string() });

/** POST /billing-accounts/:id/invitations (A4). */
export const createInvitationSchema = z.strictObject({ email: emailSchema });
export type CreateInvitation = z.input<typeof createInvitationSchema>;

/**
 * 201 (new) or 200 (an existing pending invitation to that address was renewed: new link, new
 * expiry, email resent). A4: the same answer whether or not the address has a profile.
 */
export const invitationSentSchema = z.object({
  id: z.string(),
  email: z.string(),
  expiresAt: z.string(),
  renewed: z.boolean(),
});
export type InvitationSent = z.infer<typeof invitationSentSchema>;

/**
 * A6: `pending` or `expired`, and nothing else: no state may tell whether the invited address has
 * a profile, or anyone who creates an account could test addresses (I2).
 */
export const invitationStateSchema = z.enum(["pending", "expired"]);
export type InvitationState = z.infer<typeof invitationStateSchema>;

/** GET /billing-accounts/:id/invitations — the account's open (pending or expired) invitations. */
export const accountInvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  state: invitationStateSchema,
  expiresAt: z.string(),
  createdAt: z.string(),
  /** Null when the inviter's profile no longer exists. */
  invitedBy: inviterSchema.extend({ userId: z.string() }).nullable(),
});
export type AccountInvitation = z.infer<typeof accountInvitationSchema>;
export const accountInvitationListSchema = z.object({ invitations: z.array(accountInvitationSchema) });

/** GET /invitations — open invitations to the signed-in user's confirmed email address. */
export const myInvitationSchema = z.object({
  id: z.string(),
  companyName: z.string(),
  invitedBy: inviterSchema.nullable(),
  email: z.string(),
  state: invitationStateSchema,
  expiresAt: z.string(),
});
export type MyInvitation = z.infer<typeof myInvitationSchema>;
export const myInvitationListSchema = z.object({ invitations: z.array(myInvitationSchema) });

/**
 * GET /invitations/token/:token — what the invitation page shows, and nothing else. Answers 410
 * (see INVITATION_GONE_CODES) for a used, declined, revoked or unknown/replaced link; an expired
 * one answers 200 with state `expired` so the page can name who to ask for a new one.
 */
export const invitationPreviewSchema = z.object({
  companyName: z.string(),
  invitedBy: inviterSchema.nullable(),
  email: z.string(),
  state: invitationStateSchema,
  expiresAt: z.string(),
  /** The address has a profile: its owner signs in as that address, then accepts. */
  hasProfile: z.boolean(),
  /** hasProfile and the viewer is not signed in as that address. */
  needsSignIn: z.boolean(),
  /** Signed in as someone else: accepting or declining would answer 403 not_invitee. */
  signedInAsOther: z.boolean(),
  /**
   * Present only when accepting would create the profile with sign-in not activated (R2: a
   * reseller account under RESELLER_CUSTOMER_LOGIN=disabled, and no profile yet), naming the
   * reseller to contact.
   */
  loginNotActivatedOnAccept: z.object({ resellerName: z.string() }).optional(),
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

/**
 * 200 of POST /invitations/:id/accept and POST /invitations/accept. With `profileCreated`, the
 * answer also set the session cookie: the person is signed in (A4, one step) — unless
 * `loginNotActivated` is set: under RESELLER_CUSTOMER_LOGIN=disabled a profile whose only account
 * is a reseller account is created with login deactivated (R2, I6). The person is a manager all the
 * same, but not signed in, and is told to contact the reseller it names.
 */
export const invitationAcceptedSchema = z.object({
  billingAccountId: z.string(),
  profileCreated: z.boolean(),
  /** Present only then. */
  loginNotActivated: z.object({ resellerName: z.string(), message: z.string() }).optional(),
});
export type InvitationAccepted = z.infer<typeof invitationAcceptedSchema>;

// ---------------------------------------------------------------------------------------------
// Contacts: GET/PUT /billing-accounts/:id/contacts (A8, A9)
// ---------------------------------------------------------------------------------------------

const contactDetailsInput = {
  firstName: requiredText(100),
  lastName: requiredText(100),
  phone: phoneSchema,
};

/** PUT body: both contacts, whole. The subscription contact is a manager (A8). */
export const updateContactsSchema = z.strictObject({
  subscriptionContact: z.strictObject({
    userId: idSchema,
    ...contactDetailsInput,
    address: addressInputSchema.nullable().optional(),
  }),
  billingContact: z.discriminatedUnion("type", [
    /** The billing contact is the subscription contact (follows it when it changes). */
    z.strictObject({ type: z.literal("subscription_contact") }),
    /** Another manager (or the same one with different details). */
    z.strictObject({
      type: z.literal("manager"),
      userId: idSchema,
      ...contactDetailsInput,
      address: addressInputSchema.nullable().optional(),
    }),
    /** Someone without portal access. */
    z.strictObject({
      type: z.literal("custom"),
      ...contactDetailsInput,
      email: emailSchema,
      address: addressInputSchema,
    }),
  ]),
});
export type UpdateContacts = z.input<typeof updateContactsSchema>;

export const subscriptionContactSchema = z.object({
  /** Null only when staff removed the subscription contact as a manager (A9 warning). */
  userId: z.string().nullable(),
  email: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  address: addressSchema.nullable(),
});

export const billingContactSchema = z.object({
  type: z.enum(["subscription_contact", "manager", "custom"]),
  /** The manager's id (type manager, or subscription_contact resolved); null for custom. */
  userId: z.string().nullable(),
  email: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  address: addressSchema.nullable(),
});

export const contactsSchema = z.object({
  subscriptionContact: subscriptionContactSchema,
  billingContact: billingContactSchema,
  warnings: z.array(accountWarningSchema),
});
export type Contacts = z.infer<typeof contactsSchema>;

// ---------------------------------------------------------------------------------------------
// Activity: GET /billing-accounts/:id/events (AU2), newest first
// ---------------------------------------------------------------------------------------------

/** Event ids are PostgreSQL bigints: a cursor past the largest one cannot come from this API. */
const MAX_EVENT_ID = 9223372036854775807n;

export const eventsQuerySchema = z.strictObject({
  /** `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/, { error: "Not a cursor from this API", abort: true })
    .refine((value) => BigInt(value) <= MAX_EVENT_ID, { error: "Not a cursor from this API" })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const accountEventSchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actor: z.object({
    type: z.enum(["user", "staff", "system", "anonymous"]),
    id: z.string().nullable(),
    /** The actor's email and name when the event happened (null: unknown, or no name given). */
    email: z.string().nullable(),
    name: z.string().nullable(),
  }),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});
export type AccountEvent = z.infer<typeof accountEventSchema>;
export const accountEventPageSchema = z.object({
  events: z.array(accountEventSchema),
  nextCursor: z.string().nullable(),
});

/** 410 codes of the invitation routes (A5). */
export const INVITATION_GONE_CODES = {
  expired: ERROR_CODES.invitationExpired,
  accepted: ERROR_CODES.invitationUsed,
  declined: ERROR_CODES.invitationDeclined,
  revoked: ERROR_CODES.invitationRevoked,
  invalid: ERROR_CODES.invitationLinkInvalid,
} as const;
