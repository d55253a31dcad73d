import { z } from "zod";

/** DESIGN.md: every error answer has this one shape. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * Every `error.code` the API answers with: the one catalogue the server (AppError) and the web app
 * both use, so a code is never a string typed twice. The comment says when it is sent.
 */
export const ERROR_CODES = {
  // Any request (app/error-handler.ts, app/security.ts, platform/rate-limit.ts).
  invalidInput: "invalid_input",
  invalidJson: "invalid_json",
  badRequest: "bad_request",
  payloadTooLarge: "payload_too_large",
  unsupportedMediaType: "unsupported_media_type",
  originMismatch: "origin_mismatch",
  rateLimited: "rate_limited",
  notFound: "not_found",
  internal: "internal_error",
  /** 401: no live session (I5). */
  notSignedIn: "not_signed_in",
  // Identity (I1–I9).
  linkExpired: "link_expired",
  loginDeactivated: "login_deactivated",
  emailTaken: "email_taken",
  noPendingEmail: "no_pending_email",
  userNotFound: "user_not_found",
  identityNotFound: "identity_not_found",
  // Billing accounts (A1–A10). 404: no such account, or not yours (A2); also for ids of another
  // account's managers or invitations.
  accountNotFound: "account_not_found",
  managerNotFound: "manager_not_found",
  invitationNotFound: "invitation_not_found",
  /** 403: staff can read any account here; changes go through the support console. */
  staffReadOnly: "staff_read_only",
  /** 403: company details of reseller accounts are read-only (A10). */
  resellerReadOnly: "reseller_read_only",
  /** 409 (A3, A7, A8). */
  lastManager: "last_manager",
  isSubscriptionContact: "is_subscription_contact",
  isBillingContact: "is_billing_contact",
  /** 409 (A4). */
  alreadyManager: "already_manager",
  tooManyPendingInvitations: "too_many_pending_invitations",
  /** 409: revoke of an invitation that is no longer pending. */
  invitationNotPending: "invitation_not_pending",
  /** 403 (A5): signed in as someone other than the invited address. */
  notInvitee: "not_invitee",
  /** 403: the signed-in user's address is the invited one but not confirmed yet. */
  emailNotConfirmed: "email_not_confirmed",
  /** 401 (A4): the address has a profile; sign in as it, then accept. */
  signInRequired: "sign_in_required",
  /** 410 (A5): an invitation that can no longer be answered. */
  invitationExpired: "invitation_expired",
  invitationUsed: "invitation_used",
  invitationDeclined: "invitation_declined",
  invitationRevoked: "invitation_revoked",
  /** Unknown token, or a link replaced by a renewed invitation. */
  invitationLinkInvalid: "invitation_link_invalid",
  // Money (B1–B8, S1).
  /** 400 (B5): the Idempotency-Key header is empty, too long or not visible ASCII. */
  invalidIdempotencyKey: "invalid_idempotency_key",
  /** 409 (B5): the key was used for a different request. */
  idempotencyKeyReused: "idempotency_key_reused",
  /** 409 (B5): a request with this key is still running. */
  idempotencyRequestInProgress: "idempotency_request_in_progress",
  /** 400 (A1): the tax ID fails its country's format or check digits. */
  invalidTaxId: "invalid_tax_id",
  subscriptionNotActive: "subscription_not_active",
  subscriptionChanged: "subscription_changed",
  subscriptionEnded: "subscription_ended",
  subscriptionNotFound: "subscription_not_found",
  invoiceNotFound: "invoice_not_found",
  unknownPlan: "unknown_plan",
  unknownPack: "unknown_pack",
  currencyNotOffered: "currency_not_offered",
  /** 402 (B3, B7): the gateway refused the charge; `details.declineCode` says why. */
  cardDeclined: "card_declined",
  paymentMethodNotFound: "payment_method_not_found",
  invalidCardToken: "invalid_card_token",
  cardExpired: "card_expired",
  cardTokenUsed: "card_token_used",
  invalidExpiry: "invalid_expiry",
  defaultPaymentMethod: "default_payment_method",
  invalidQuantity: "invalid_quantity",
  deploymentNotOffered: "deployment_not_offered",
  termEnded: "term_ended",
  noPaymentMethod: "no_payment_method",
  /** 400: the sandbox gateway's tokenisation refused the number, expiry or CVC. */
  invalidCardNumber: "invalid_number",
  invalidCvc: "invalid_cvc",
  // Subscriptions in use (S2–S4).
  /** 409 (S2): the namespace is linked to another subscription (never says which). */
  namespaceTaken: "namespace_taken",
  /** 409 (S2, S3, S4): a namespace on a self-managed subscription, a license or code for a SaaS one. */
  wrongDeployment: "wrong_deployment",
  /** 404 (S4): no subscription has this activation code (the same answer for every unknown code). */
  activationCodeInvalid: "activation_code_invalid",
  /** 409 (S4): the subscription is bound to another instance; a manager releases it first. */
  alreadyActivated: "already_activated",
  /** 409 (S4): release of a subscription that no instance has activated. */
  notActivated: "not_activated",
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
