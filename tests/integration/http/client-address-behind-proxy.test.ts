// Per-IP abuse limits behind a proxy (issue 12, item 2): the client address comes from
// X-Forwarded-For only as far as the configured proxies vouch for it, so a client cannot step
// around the limit (30 sign-in link requests per IP per 15 minutes, README "Abuse limits") by
// writing addresses of its own into the header.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

const LINK = "/api/v1/auth/sign-in-link";
const LIMIT = 30;

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A different made-up address on every call (RFC 5737 documentation ranges). */
const randomAddress = () => `198.51.100.${randomBytes(1)[0]! % 255}`;

/** Asks for a sign-in link to a fresh address each time, so only the per-IP limit can bite. */
async function requestLinks(app: TestApp, count: number, forwardedFor: () => string | undefined) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const xff = forwardedFor();
    const res = await app.client().post(LINK, { email: uniqueEmail("xff") }, xff ? { "x-forwarded-for": xff } : {});
    statuses.push(res.statusCode);
  }
  return statuses;
}

const accepted = (statuses: number[]) => statuses.filter((s) => s === 202).length;

describe("behind one load balancer that appends the client's address (TRUST_PROXY=1)", () => {
  it("a forged address in front of the real one changes nothing: the 31st request is refused", async () => {
    t = await createTestApp({ worker: false, env: { TRUST_PROXY: "1" } });
    // What an appending load balancer forwards: whatever the client sent, then the address it saw.
    const statuses = await requestLinks(t, LIMIT + 1, () => `${randomAddress()}, 203.0.113.7`);
    expect(accepted(statuses)).toBe(LIMIT);
    expect(statuses.at(-1)).toBe(429);
    // The limit follows the address the load balancer saw: another client is not refused.
    expect(await requestLinks(t, 1, () => `${randomAddress()}, 203.0.113.8`)).toEqual([202]);
  });

  it("the proxies may be named by address instead (TRUST_PROXY=127.0.0.1/8): same answer", async () => {
    t = await createTestApp({ worker: false, env: { TRUST_PROXY: "127.0.0.1/8" } });
    const statuses = await requestLinks(t, LIMIT + 1, () => `${randomAddress()}, 203.0.113.7`);
    expect(accepted(statuses)).toBe(LIMIT);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("with no proxy configured (TRUST_PROXY unset)", () => {
  it("a rotating X-Forwarded-For changes nothing: the socket's address is the client", async () => {
    t = await createTestApp({ worker: false });
    const statuses = await requestLinks(t, LIMIT + 1, randomAddress);
    expect(accepted(statuses)).toBe(LIMIT);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("TRUST_PROXY=true, which trusted every hop", () => {
  it("is refused at start-up with a line saying what to give instead", async () => {
    await expect(createTestApp({ worker: false, env: { TRUST_PROXY: "true" } })).rejects.toThrow(
      /TRUST_PROXY: `true` would trust every X-Forwarded-For hop.*give the number of proxies/,
    );
  });
});
