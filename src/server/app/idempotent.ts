// B5: the HTTP side of Idempotency-Key. The route's body has already passed validation (a refused
// request stores nothing). The first request with a key claims it; its answer — success or error —
// is stored; a retry with the same key and body gets that answer again, marked with
// `Idempotent-Replayed: true`. A failure on our side (5xx) leaves the key claimed: a charge may
// have gone through before it, so only a retry after the claim is abandoned runs again, and its
// gateway key, derived from this one, makes the gateway answer that same charge.

import type { FastifyReply, FastifyRequest } from "fastify";
import { IDEMPOTENCY_KEY_MAX } from "../../shared/billing.js";
import { ERROR_CODES } from "../../shared/errors.js";
import type { Db } from "../platform/db/client.js";
import { AppError } from "../platform/errors.js";
import { claimKey, finishKey, requestHash, type StoredAnswer } from "../platform/idempotency.js";
import { appErrorAnswer } from "./error-handler.js";

/** What a service needs to store its success with the change, in the same transaction. */
export type IdempotencyScope = {
  userId: string;
  key: string;
  /** Stores the answer through `tx` (the change's transaction), so both commit or neither does. */
  finish(tx: Db, answer: StoredAnswer): Promise<void>;
};

export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers["idempotency-key"];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AppError(
      "invalid",
      ERROR_CODES.invalidIdempotencyKey,
      `The Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters.`,
      [{ path: "Idempotency-Key", message: "Invalid" }],
    );
  }
  return key;
}

/**
 * Runs `work` once per key. `work` returns the answer to send and, when it changed data, must
 * have stored it through `scope.finish` in its transaction.
 */
export async function idempotent(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { userId: string; operation: string; body: unknown },
  work: (scope: IdempotencyScope | null) => Promise<StoredAnswer>,
): Promise<void> {
  const key = idempotencyKeyOf(request);
  if (!key) {
    const answer = await work(null);
    await reply.status(answer.status).send(answer.body);
    return;
  }
  const who = { userId: input.userId, key };
  const claim = await claimKey(db, {
    ...who,
    operation: input.operation,
    hash: requestHash(input.operation, input.body),
  });
  if (claim.kind === "replay") {
    await reply.status(claim.answer.status).header("idempotent-replayed", "true").send(claim.answer.body);
    return;
  }
  const scope: IdempotencyScope = { ...who, finish: (tx, answer) => finishKey(tx, { ...who, answer }) };
  try {
    const answer = await work(scope);
    await reply.status(answer.status).send(answer.body);
  } catch (error) {
    // A refusal is the answer to this key (errors included, B5); nothing was changed.
    if (error instanceof AppError) await finishKey(db, { ...who, answer: appErrorAnswer(error, request.id) });
    throw error;
  }
}
