// Table types for Kysely. One file so every module's repository types its queries the same way;
// each table is created by a migration in ./migrations.
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string, string>;

export type StaffRole = "support" | "admin";

export interface UsersTable {
  id: Generated<string>;
  email: string;
  email_key: string;
  first_name: Generated<string>;
  last_name: Generated<string>;
  email_confirmed_at: NullableTimestamp;
  pending_email: string | null;
  pending_email_key: string | null;
  login_activated: Generated<boolean>;
  staff_role: StaffRole | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type TokenPurpose = "sign_in" | "email_confirm";

export interface OneTimeTokensTable {
  id: Generated<string>;
  token_hash: string;
  purpose: TokenPurpose;
  user_id: string | null;
  email: string;
  email_key: string;
  return_to: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  id_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}

export type ActorType = "user" | "staff" | "system" | "anonymous";

export interface EventsTable {
  id: Generated<string>;
  occurred_at: CreatedAt;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  billing_account_id: string | null;
  summary: Json;
  request_id: string | null;
  ip: string | null;
  /** The actor's name and email when the event was recorded (a trigger fills them). */
  actor_name: Generated<string | null>;
  actor_email: Generated<string | null>;
}

export interface DevMailboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: CreatedAt;
}

/** I9: a provider identity linked to a user (migration 2026_11_22_0200). */
export type IdentityProvider = "gitlab";

export interface UserIdentitiesTable {
  id: Generated<string>;
  user_id: string;
  provider: IdentityProvider;
  issuer: string;
  subject: string;
  username: string | null;
  email: string | null;
  linked_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type OidcAttemptPurpose = "sign_in" | "link";

/** Server-side state of one OpenID Connect attempt, keyed by the hash of a cookie value. */
export interface OidcLoginAttemptsTable {
  id: Generated<string>;
  key_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  purpose: OidcAttemptPurpose;
  return_to: string | null;
  user_id: string | null;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

/** A1, A8: a billing account with its contacts (migration 2026_11_22_0100). */
export type BillingContactType = "subscription_contact" | "manager" | "custom";
export type Channel = "direct" | "reseller";

export interface BillingAccountsTable {
  id: Generated<string>;
  account_number: Generated<string>;
  company_name: string;
  tax_id: string | null;
  address_line1: string;
  address_line2: string | null;
  address_city: string;
  address_region: string | null;
  address_postal_code: string;
  address_country: string;
  currency: Generated<string>;
  channel: Generated<Channel>;
  reseller_name: string | null;
  created_by_user_id: string | null;
  subscription_contact_user_id: string | null;
  subscription_contact_first_name: Generated<string>;
  subscription_contact_last_name: Generated<string>;
  subscription_contact_phone: string | null;
  subscription_contact_address_line1: string | null;
  subscription_contact_address_line2: string | null;
  subscription_contact_address_city: string | null;
  subscription_contact_address_region: string | null;
  subscription_contact_address_postal_code: string | null;
  subscription_contact_address_country: string | null;
  billing_contact_type: Generated<BillingContactType>;
  billing_contact_user_id: string | null;
  billing_contact_first_name: Generated<string>;
  billing_contact_last_name: Generated<string>;
  billing_contact_email: string | null;
  billing_contact_phone: string | null;
  billing_contact_address_line1: string | null;
  billing_contact_address_line2: string | null;
  billing_contact_address_city: string | null;
  billing_contact_address_region: string | null;
  billing_contact_address_postal_code: string | null;
  billing_contact_address_country: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Moves by one with every change of the account's managers, invitations or contacts (migration 0300). */
  version: Generated<number>;
}

export type ManagerSource = "created" | "invitation" | "staff";

export interface BillingAccountManagersTable {
  billing_account_id: string;
  user_id: string;
  source: ManagerSource;
  invitation_id: string | null;
  added_at: CreatedAt;
}

export type InvitationRowState = "pending" | "accepted" | "declined" | "revoked";

export interface BillingAccountInvitationsTable {
  id: Generated<string>;
  billing_account_id: string;
  email: string;
  email_key: string;
  token_hash: string;
  invited_by_user_id: string | null;
  state: Generated<InvitationRowState>;
  expires_at: Timestamp;
  accepted_by_user_id: string | null;
  resolved_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database extends MoneyTables {
  users: UsersTable;
  one_time_tokens: OneTimeTokensTable;
  sessions: SessionsTable;
  events: EventsTable;
  dev_mailbox: DevMailboxTable;
  user_identities: UserIdentitiesTable;
  oidc_login_attempts: OidcLoginAttemptsTable;
  billing_accounts: BillingAccountsTable;
  billing_account_managers: BillingAccountManagersTable;
  billing_account_invitations: BillingAccountInvitationsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TokenRow = Selectable<OneTimeTokensTable>;
export type UserIdentityRow = Selectable<UserIdentitiesTable>;
export type OidcLoginAttemptRow = Selectable<OidcLoginAttemptsTable>;
/** An account as the services read it; `version` is read only where a change is guarded by it. */
export type BillingAccountRow = Omit<Selectable<BillingAccountsTable>, "version">;
export type BillingAccountManagerRow = Selectable<BillingAccountManagersTable>;
export type BillingAccountInvitationRow = Selectable<BillingAccountInvitationsTable>;

// ---------------------------------------------------------------------------------------------
// Money (B1–B8, S1)
// ---------------------------------------------------------------------------------------------

/** A calendar date, "YYYY-MM-DD" (parsed as text on both backends: see client.ts). */
type CalendarDate = string;

export interface PaymentMethodsTable {
  id: Generated<string>;
  billing_account_id: string;
  gateway: "sandbox";
  gateway_token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder_name: string;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
}

export type SubscriptionStatus = "active" | "past_due" | "expired" | "cancelled";

export interface SubscriptionsTable {
  id: Generated<string>;
  subscription_number: Generated<string>;
  billing_account_id: string;
  plan_id: string;
  plan_name: string;
  deployment: "saas" | "self_managed";
  seats: number;
  storage_packs: Generated<number>;
  currency: string;
  term_start: CalendarDate;
  term_end: CalendarDate;
  status: Generated<SubscriptionStatus>;
  auto_renew: Generated<boolean>;
  invoice_owner: Generated<"account" | "reseller">;
  reseller_name: string | null;
  renewal_failures: Generated<number>;
  next_renewal_attempt_at: NullableTimestamp;
  last_renewal_decline: string | null;
  reminder_30_sent_for: CalendarDate | null;
  reminder_7_sent_for: CalendarDate | null;
  /** S2: the linked GitLab.com group path (lower-case), SaaS only. */
  namespace: string | null;
  namespace_linked_at: NullableTimestamp;
  /** S4: self-managed only, always set there. */
  activation_code: string | null;
  activation_instance_id: string | null;
  activated_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface InvoiceNumberSeriesTable {
  series: string;
  next_value: Generated<string>;
}

export interface InvoicesTable {
  id: Generated<string>;
  invoice_number: string;
  series: string;
  sequence_value: string;
  billing_account_id: string;
  subscription_id: string | null;
  kind: "purchase" | "add_on" | "renewal";
  status: Generated<"paid">;
  currency: string;
  subtotal_minor: ColumnType<string, number | string, never>;
  tax_minor: ColumnType<string, number | string, never>;
  total_minor: ColumnType<string, number | string, never>;
  snapshot: Json;
  gateway_charge_id: string;
  issued_at: CreatedAt;
}

export interface InvoiceRecipientsTable {
  billing_account_id: string;
  email: string;
  email_key: string;
  kind: "to" | "cc";
  created_at: CreatedAt;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  operation: string;
  request_hash: string;
  state: Generated<"started" | "done">;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  claimed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SandboxGatewayCardsTable {
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  behaviour: string;
  charges: Generated<number>;
  created_at: CreatedAt;
}

export interface SandboxGatewayChargesTable {
  id: string;
  idempotency_key: string;
  token: string;
  amount_minor: ColumnType<string, number | string, never>;
  currency: string;
  outcome: "succeeded" | "declined";
  decline_code: string | null;
  refunded: Generated<boolean>;
  created_at: CreatedAt;
}

export interface MoneyTables {
  payment_methods: PaymentMethodsTable;
  subscriptions: SubscriptionsTable;
  invoice_number_series: InvoiceNumberSeriesTable;
  invoices: InvoicesTable;
  invoice_recipients: InvoiceRecipientsTable;
  idempotency_keys: IdempotencyKeysTable;
  sandbox_gateway_cards: SandboxGatewayCardsTable;
  sandbox_gateway_charges: SandboxGatewayChargesTable;
}
