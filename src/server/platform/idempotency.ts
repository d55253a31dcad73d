// B5: Idempotency-Key on money-moving requests, with Stripe's semantics. The first request with a
// key claims it; a retry with the same key and body gets the first answer (errors included); the
// same key with another body is 409 idempotency_key_reused; a request refused by validation never
// gets here, so it stores nothing. Keys are kept at least 24 hours (KEEP_HOURS).

import { createHash } from "node:crypto";
import { sql } from "kysely";
import { ERROR_CODES } from "../../shared/errors.js";
import type { Db } from "./db/client.js";
import { AppError } from "./errors.js";

export const KEEP_HOURS = 48;
/** A claim older than this with no answer belongs to a request that died: a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 60;

export type StoredAnswer = { status: number; body: unknown };

export type Claim =
  /** This request owns the key: do the work, then `finish`. `resumed` after a crashed attempt. */
  | { kind: "owned"; resumed: boolean }
  /** The key was used before with the same body: answer this. */
  | { kind: "replay"; answer: StoredAnswer };

/** The same body in any key order hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(operation: string, request: unknown): string {
  return createHash("sha256")
    .update(`${operation}\n${canonical(request)}`)
    .digest("base64url");
}

/**
 * A key the gateway sees for this request's charge: derived, so a retry after a crash between
 * the charge and the commit asks the gateway for the same charge and is answered the first one.
 */
export function gatewayKey(userId: string, key: string, purpose: string): string {
  return createHash("sha256").update(`${userId}\n${key}\n${purpose}`).digest("base64url");
}

export async function claimKey(
  db: Db,
  input: { userId: string; key: string; operation: string; hash: string },
): Promise<Claim> {
  const inserted = await db
    .insertInto("idempotency_keys")
    .values({ user_id: input.userId, key: input.key, operation: input.operation, request_hash: input.hash })
    .onConflict((oc) => oc.doNothing())
    .returning("key")
    .executeTakeFirst();
  if (inserted) return { kind: "owned", resumed: false };

  const existing = await db
    .selectFrom("idempotency_keys")
    .select(["operation", "request_hash", "state", "response_status", "response_body"])
    .where("user_id", "=", input.userId)
    .where("key", "=", input.key)
    .executeTakeFirst();
  if (!existing) return claimKey(db, input); // expired and deleted in between: claim it afresh
  if (existing.operation !== input.operation || existing.request_hash !== input.hash) {
    throw new AppError(
      "conflict",
      ERROR_CODES.idempotencyKeyReused,
      "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
    );
  }
  if (existing.state === "done" && existing.response_status !== null) {
    return { kind: "replay", answer: { status: existing.response_status, body: existing.response_body } };
  }
  // Started and not finished: still running, or its request died. Only an abandoned one is taken
  // over, by one retry at a time (the UPDATE moves claimed_at, so a second retry sees it as fresh).
  const takenOver = await db
    .updateTable("idempotency_keys")
    .set({ claimed_at: sql<Date>`now()` })
    .where("user_id", "=", input.userId)
    .where("key", "=", input.key)
    .where("state", "=", "started")
    .where("claimed_at", "<", sql<Date>`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`)
    .returning("key")
    .executeTakeFirst();
  if (takenOver) return { kind: "owned", resumed: true };
  throw new AppError(
    "conflict",
    ERROR_CODES.idempotencyRequestInProgress,
    "A request with this Idempotency-Key is still being processed. Try again in a moment.",
  );
}

/** Stores the answer; `db` is the change's transaction when there is one, so both commit together. */
export async function finishKey(db: Db, input: { userId: string; key: string; answer: StoredAnswer }): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({
      state: "done",
      response_status: input.answer.status,
      response_body: JSON.stringify(input.answer.body ?? null),
    })
    .where("user_id", "=", input.userId)
    .where("key", "=", input.key)
    .execute();
}

export async function deleteExpiredKeys(db: Db): Promise<number> {
  const result = await db
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", sql<Date>`now() - make_interval(hours => ${KEEP_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
