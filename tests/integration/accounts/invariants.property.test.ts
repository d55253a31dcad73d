// Property: whatever sequence of invite / accept / decline / revoke / remove / leave / expire /
// change-contacts steps ~4 people take on one account, after every step
//   A3  the account has at least one manager;
//   A8  its contacts are managers (the subscription contact is set);
//   A4/A5  every membership comes from the account's creation or an accepted invitation to that
//       person, and no pending invitation names a current manager;
//   A7  every pending invitation was sent by a current manager;
//   A4  at most 15 open (unexpired) pending invitations.
// The services are called directly (no HTTP) to keep runs fast; refusals (AppError) are expected
// steps, anything else fails the property.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AccountsDeps,
  acceptInvitationById,
  createBillingAccount,
  declineInvitationById,
  inviteManager,
  removeManager,
  revokeInvitation,
  updateContacts,
  type Viewer,
} from "../../../src/server/modules/accounts/index.js";
import {
  insertUserOrGetExisting,
  type SessionCookie,
  startSession,
} from "../../../src/server/modules/identity/index.js";
import { inTransaction } from "../../../src/server/platform/db/transaction.js";
import { AppError } from "../../../src/server/platform/errors.js";
import type { RateLimiter } from "../../../src/server/platform/rate-limit.js";
import { emailKey } from "../../../src/shared/email.js";
import { ADDRESS } from "../../factories/accounts.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

const PEOPLE = 4;

/**
 * A step names people by number; most of the time (not `wild`) the numbers pick among the people
 * for whom the step makes sense right now (managers act, managers are removed, invitees answer),
 * so runs get far; `wild` steps pick anyone, to exercise the refusals.
 */
type Step = {
  kind: "invite" | "accept" | "decline" | "expire" | "revoke" | "remove" | "leave" | "contacts";
  actor: number;
  target: number;
  billing: number;
  wild: boolean;
  upper: boolean;
};

const KINDS: [Step["kind"], number][] = [
  ["invite", 5],
  ["accept", 4],
  ["decline", 1],
  ["expire", 1],
  ["revoke", 1],
  ["remove", 3],
  ["leave", 1],
  ["contacts", 3],
];
const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(...KINDS.map(([kind, weight]) => ({ weight, arbitrary: fc.constant(kind) }))),
  actor: fc.nat(),
  target: fc.nat(),
  billing: fc.nat(),
  wild: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  upper: fc.boolean(),
});

let t: TestApp;
let deps: AccountsDeps;
const noLimits: RateLimiter = { hit: async () => {}, close: async () => {} };
const outcomes = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp({ worker: false });
  deps = {
    db: t.db,
    outbox: t.runtime.outbox,
    limiter: noLimits,
    config: { baseUrl: t.baseUrl, resellerCustomerLogin: "read_only" },
  };
});
afterAll(async () => {
  await t?.close();
});

/** A person of the test: who they are, and the session their changes are requested with. */
type Person = Viewer & { session: SessionCookie };

async function makePeople(): Promise<Person[]> {
  return inTransaction(t.db, async (tx) => {
    const people: Person[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const email = `p${i}-${randomBytes(4).toString("hex")}@example.com`;
      const { user } = await insertUserOrGetExisting(tx, {
        email,
        emailKey: emailKey(email),
        emailConfirmedAt: new Date(),
      });
      const { cookieValue } = await startSession(tx, user.id, {
        ...meta(user),
        userAgent: "test",
        previousSessionId: null,
      });
      people.push({ id: user.id, email, emailConfirmed: true, staffRole: null, session: cookieValue });
    }
    return people;
  });
}

const meta = (actor: { id: string }) => ({ requestId: null, ip: null, actor: { type: "user" as const, id: actor.id } });

async function pendingFor(accountId: string, email: string): Promise<string | null> {
  const row = await t.db
    .selectFrom("billing_account_invitations")
    .select("id")
    .where("billing_account_id", "=", accountId)
    .where("email_key", "=", emailKey(email))
    .where("state", "=", "pending")
    .executeTakeFirst();
  return row?.id ?? null;
}

async function managerIdsOf(accountId: string): Promise<Set<string>> {
  const rows = await t.db
    .selectFrom("billing_account_managers")
    .select("user_id")
    .where("billing_account_id", "=", accountId)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

const nothingPending = () => new AppError("not_found", "invitation_not_found", "no pending invitation (test model)");

async function run(step: Step, accountId: string, people: Person[]): Promise<void> {
  const managers = await managerIdsOf(accountId);
  const pick = (among: Person[], n: number) =>
    (among.length > 0 && !step.wild ? among : people)[
      n % (among.length > 0 && !step.wild ? among.length : people.length)
    ]!;
  const current = people.filter((p) => managers.has(p.id));
  const outsiders = people.filter((p) => !managers.has(p.id));
  const pendingPeople: Person[] = [];
  for (const p of people) if (await pendingFor(accountId, p.email)) pendingPeople.push(p);
  const actor = pick(current, step.actor);

  switch (step.kind) {
    case "invite": {
      const email = pick(outsiders, step.target).email;
      await inviteManager(deps, actor.session, accountId, step.upper ? email.toUpperCase() : email, meta(actor));
      return;
    }
    case "accept":
    case "decline": {
      const invitee = pick(pendingPeople, step.target);
      const id = await pendingFor(accountId, invitee.email);
      if (!id) throw nothingPending();
      const action = step.kind === "accept" ? acceptInvitationById : declineInvitationById;
      await action(deps, invitee.session, id, meta(invitee));
      return;
    }
    case "expire": {
      await t.db
        .updateTable("billing_account_invitations")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("billing_account_id", "=", accountId)
        .where("email_key", "=", emailKey(pick(pendingPeople, step.target).email))
        .where("state", "=", "pending")
        .execute();
      return;
    }
    case "revoke": {
      const id = await pendingFor(accountId, pick(pendingPeople, step.target).email);
      if (!id) throw nothingPending();
      await revokeInvitation(deps, actor.session, accountId, id, meta(actor));
      return;
    }
    case "remove":
    case "leave": {
      const target = step.kind === "leave" ? actor : pick(current, step.target);
      await removeManager(deps, actor.session, accountId, target.id, meta(actor));
      return;
    }
    case "contacts": {
      const sub = pick(current, step.target);
      const choice = step.billing % 3;
      const billing =
        choice === 0
          ? { type: "subscription_contact" as const }
          : choice === 1
            ? {
                type: "custom" as const,
                firstName: "Cus",
                lastName: "Tom",
                email: "billing@example.com",
                address: ADDRESS,
              }
            : { type: "manager" as const, userId: pick(current, step.billing).id, firstName: "Bill", lastName: "Ing" };
      await updateContacts(
        deps,
        actor,
        accountId,
        { subscriptionContact: { userId: sub.id, firstName: "Sub", lastName: "Scription" }, billingContact: billing },
        meta(actor),
      );
      return;
    }
  }
}

/** Every invariant in one round trip: the names of those that do not hold. */
async function violations(accountId: string): Promise<string[]> {
  const result = await sql<{ v: string }>`
    select 'no manager (A3)' as v
      where not exists (select 1 from billing_account_managers where billing_account_id = ${accountId})
    union all
    select 'subscription contact is not a manager (A8)' from billing_accounts a
      where a.id = ${accountId} and (a.subscription_contact_user_id is null or not exists (
        select 1 from billing_account_managers m
        where m.billing_account_id = a.id and m.user_id = a.subscription_contact_user_id))
    union all
    select 'billing contact is not a manager (A8)' from billing_accounts a
      where a.id = ${accountId} and a.billing_contact_type = 'manager' and not exists (
        select 1 from billing_account_managers m
        where m.billing_account_id = a.id and m.user_id = a.billing_contact_user_id)
    union all
    select 'membership without creation or accepted invitation: ' || m.user_id
      from billing_account_managers m join billing_accounts a on a.id = m.billing_account_id
      where m.billing_account_id = ${accountId} and not (
        (m.source = 'created' and m.user_id = a.created_by_user_id) or
        (m.source = 'invitation' and exists (
          select 1 from billing_account_invitations i join users u on u.id = m.user_id
          where i.id = m.invitation_id and i.billing_account_id = m.billing_account_id
            and i.state = 'accepted' and i.accepted_by_user_id = m.user_id and i.email_key = u.email_key)))
    union all
    select 'pending invitation for a current manager: ' || i.email
      from billing_account_invitations i
      join users u on u.email_key = i.email_key
      join billing_account_managers m on m.user_id = u.id and m.billing_account_id = i.billing_account_id
      where i.billing_account_id = ${accountId} and i.state = 'pending'
    union all
    select 'pending invitation from a non-manager (A7): ' || i.id
      from billing_account_invitations i
      where i.billing_account_id = ${accountId} and i.state = 'pending' and not exists (
        select 1 from billing_account_managers m
        where m.billing_account_id = i.billing_account_id and m.user_id = i.invited_by_user_id)
    union all
    select 'more than 15 open invitations (A4)'
      where (select count(*) from billing_account_invitations
             where billing_account_id = ${accountId} and state = 'pending' and expires_at > now()) > 15
  `.execute(t.db);
  return result.rows.map((r) => r.v);
}

describe("invariants over random sequences (fast-check)", () => {
  it("A3, A4, A5, A7, A8 hold after every step", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 20, maxLength: 40 }), async (steps) => {
        const people = await makePeople();
        const owner = people[0]!;
        const account = await createBillingAccount(
          deps,
          owner.id,
          { companyName: "Property Co", address: ADDRESS },
          meta(owner),
        );
        expect(await violations(account.id)).toEqual([]);
        for (const step of steps) {
          try {
            await run(step, account.id, people);
            outcomes.set(`${step.kind}:ok`, (outcomes.get(`${step.kind}:ok`) ?? 0) + 1);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            outcomes.set(`${step.kind}:${error.code}`, (outcomes.get(`${step.kind}:${error.code}`) ?? 0) + 1);
          }
          const broken = await violations(account.id);
          if (broken.length > 0) throw new Error(`after ${JSON.stringify(step)}: ${broken.join("; ")}`);
        }
      }),
      { numRuns: 12 },
    );
    // The runs did real work: people joined, were removed, and contacts moved.
    for (const kind of ["invite", "accept", "remove", "contacts"]) {
      expect(outcomes.get(`${kind}:ok`) ?? 0, `${kind} never succeeded`).toBeGreaterThan(0);
    }
  });
});
