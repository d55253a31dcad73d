import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/client.js";
import type { Outbox } from "../../platform/mail/outbox.js";
import type { RateLimiter } from "../../platform/rate-limit.js";

/**
 * R2, I6: the resellers of a user whose billing accounts are all reseller accounts (empty for
 * anyone else), so a refused sign-in can say whom to contact. The accounts module answers it
 * (app/routes.ts wires it in): identity must not import accounts.
 */
export type ResellersOfCustomer = (db: Db, userId: string) => Promise<string[]>;

export type IdentityDeps = {
  db: Db;
  outbox: Outbox;
  limiter: RateLimiter;
  config: Pick<Config, "baseUrl" | "signUp" | "oidc">;
  /** Absent: every refused sign-in gets the generic words. */
  resellersOfCustomer?: ResellersOfCustomer;
};

/** I3: one-time links live 24 hours. */
export const LINK_TTL_MS = 24 * 60 * 60 * 1000;
/** I5: a session ends after this long without a request, and after the absolute limit regardless. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 14 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so a session check is a read, not a write. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;

/** Abuse limits (README "Abuse limits"); RATE_LIMIT_SCALE multiplies them. */
export const LIMITS = {
  linkPerAddress: { name: "link-address", limit: 5, windowSeconds: 15 * 60 },
  linkPerIp: { name: "link-ip", limit: 30, windowSeconds: 15 * 60 },
  redeemPerIp: { name: "redeem-ip", limit: 30, windowSeconds: 15 * 60 },
  emailChangePerUser: { name: "email-change-user", limit: 5, windowSeconds: 60 * 60 },
} as const;
