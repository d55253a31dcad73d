// E1, AU1 in the types: an audit event, a queued mail and a deferred write need a write scope,
// which only the change pipelines hand out. Compiled by `npm run typecheck` (never run): each
// `@ts-expect-error` fails the typecheck if the line below it compiles, so passing the pool
// handle or a bare transaction where a scope is needed must stay a compile error.
import { recordEvent, systemMeta } from "../../src/server/modules/audit/index.js";
import { change } from "../../src/server/platform/change/change.js";
import type { Db } from "../../src/server/platform/db/client.js";
import { deferInsert, deferWrite, guardWrites } from "../../src/server/platform/db/deferred-writes.js";
import { inTransaction } from "../../src/server/platform/db/transaction.js";
import { changeOptimistically } from "../../src/server/platform/fast-path/optimistic-change.js";
import type { Outbox } from "../../src/server/platform/mail/outbox.js";

const event = { action: "test.typed", subjectType: "test" };
const mail = { to: "someone@example.com", subject: "Typed", paragraphs: ["x"] };

export async function plainHandles(db: Db, outbox: Outbox): Promise<void> {
  // @ts-expect-error the pool handle: the event would be written at once, outside any change
  await recordEvent(db, systemMeta, event);
  // @ts-expect-error the pool handle: a mail for a change that may still fail
  await outbox.send(db, mail);
  // @ts-expect-error the pool handle cannot defer a write
  await deferWrite(db, db.deleteFrom("events"));
  // @ts-expect-error nor insert later
  await deferInsert(db, "events", { actor_type: "system", action: "x", subject_type: "test" });
  // @ts-expect-error nor guard
  guardWrites(db, db.updateTable("billing_accounts").set({ version: 0 }));

  await inTransaction(db, async (tx) => {
    // @ts-expect-error a bare transaction is not a change's scope either
    await recordEvent(tx, systemMeta, event);
    // @ts-expect-error
    await outbox.send(tx, mail);
  });
}

export async function throughThePipelines(db: Db, outbox: Outbox): Promise<void> {
  await change(db, {
    lock: null,
    decide: async (scope) => {
      await recordEvent(scope, systemMeta, event);
      await outbox.send(scope, mail);
    },
  });
  // @ts-expect-error the fast path's plan must name its guard: no write goes out unguarded
  await changeOptimistically(db, {
    lock: async () => undefined,
    read: async () => ({ version: 1 }),
    decide: async (scope) => recordEvent(scope, systemMeta, event),
  });
}
