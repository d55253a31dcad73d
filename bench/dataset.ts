// The benchmark data set's deterministic pieces, shared by the seeder and the scenario fixtures:
// ids that look random (so index lookups touch pages the way real gen_random_uuid() ids do) but
// can be recomputed from an index, and session cookies whose hashes the seeder stores.
import { createHash } from "node:crypto";

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex8 = (n: number) => n.toString(16).padStart(8, "0");

/**
 * A v4-shaped UUID for row `index` of `kind`. The first word is a bijection of the index, so ids
 * of one kind never collide (for index < 2^32); the rest only spreads the bits.
 */
export function uuidOf(kind: number, index: number): string {
  const w0 = fmix32(index ^ Math.imul(kind + 1, 0x9e3779b9));
  const w1 = fmix32(w0 ^ 0x7f4a7c15 ^ kind);
  const w2 = fmix32(w1 ^ 0x2545f491);
  const w3 = fmix32(w2 ^ 0x1b873593);
  const a = hex8(w0);
  const b = hex8(w1);
  const c = hex8(w2);
  const d = hex8(w3);
  const variant = (8 + (w2 & 3)).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

export const KIND = { user: 1, account: 2, session: 3, invitation: 4, token: 5 } as const;

/** The session cookie of user `index` (its only live session), 20–100 characters as the portal expects. */
export function sessionCookie(salt: string, index: number): string {
  return `bench-${salt}-${index.toString(36).padStart(8, "0")}`;
}

/** The same hash the portal stores for a cookie (platform/crypto.ts hashToken). */
export function hashCookie(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** sessions.user_agent of a seeded session: lets a fixture find the cookie of any seeded user. */
export const BENCH_AGENT_PREFIX = "bench/";
export function benchAgent(index: number): string {
  return `${BENCH_AGENT_PREFIX}${index}`;
}
export function indexFromAgent(agent: string): number {
  return Number(agent.slice(BENCH_AGENT_PREFIX.length));
}

/** Seeded PRNG (mulberry32): the same seed gives the same data set. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Alex", "Sam", "Maria", "Jonas", "Priya", "Chen", "Fatima", "Lucas", "Aiko", "Omar", "Elena", "Noah"];
const LAST = ["Morgan", "Rivera", "Schmidt", "Okafor", "Tanaka", "Novak", "Haddad", "Silva", "Larsen", "Kowalski"];

export function userEmail(index: number): string {
  const first = FIRST[index % FIRST.length]!.toLowerCase();
  const last = LAST[Math.floor(index / FIRST.length) % LAST.length]!.toLowerCase();
  return `${first}.${last}.${index}@company${index % 9973}.example.com`;
}

export function userNames(index: number): { first: string; last: string } {
  return { first: FIRST[index % FIRST.length]!, last: LAST[Math.floor(index / FIRST.length) % LAST.length]! };
}

/** Users per account (DESIGN data shape: about 1.5). */
export const USERS_PER_ACCOUNT = 1.5;
export function userCount(accounts: number): number {
  return Math.max(2, Math.round(accounts * USERS_PER_ACCOUNT));
}
