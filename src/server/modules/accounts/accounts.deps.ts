import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/client.js";
import type { Outbox } from "../../platform/mail/outbox.js";
import type { RateLimiter } from "../../platform/rate-limit.js";

export type AccountsDeps = {
  db: Db;
  outbox: Outbox;
  limiter: RateLimiter;
  config: Pick<Config, "baseUrl" | "resellerCustomerLogin">;
};

/** Who is asking: the signed-in user (staff_role not null means staff, A2). */
export type Viewer = {
  id: string;
  email: string;
  emailConfirmed: boolean;
  staffRole: "support" | "admin" | null;
};

/** A2: how a viewer may see an account: as one of its managers, or as staff (read-only here). */
export type Access = "manager" | "staff";

/** A4: an invitation link lives 7 days, checked when it is accepted. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A4: at most this many pending (unexpired) invitations per account. */
export const MAX_PENDING_INVITATIONS = 15;

/** Abuse limits (README "Abuse limits"); RATE_LIMIT_SCALE multiplies them. */
export const LIMITS = {
  /** Invitation emails (new or renewed) sent for one account. */
  invitationsPerAccount: { name: "invite-account", limit: 50, windowSeconds: 60 * 60 },
  /** Invitation emails sent by one manager, across all their accounts. */
  invitationsPerInviter: { name: "invite-user", limit: 30, windowSeconds: 60 * 60 },
  /** Manager removals (including leaving) on one account. */
  removalsPerAccount: { name: "remove-manager-account", limit: 20, windowSeconds: 60 * 60 },
  /** Invitation-token look-ups, accepts and declines from one IP (token guessing). */
  invitationTokenPerIp: { name: "invitation-token-ip", limit: 60, windowSeconds: 15 * 60 },
} as const;
