// Abuse limits on sign-in links (README "Abuse limits"): per address, per IP, and on redemption.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ worker: false });
});
afterAll(async () => {
  await t?.close();
});

describe("sign-in link limits", () => {
  it("limits requests per address, with 429 and Retry-After, the same for known and unknown addresses", async () => {
    const email = uniqueEmail("limited");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await t.client().post("/api/v1/auth/sign-in-link", { email: i % 2 ? email.toUpperCase() : email })).statusCode,
      );
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    const limited = await t.client().post("/api/v1/auth/sign-in-link", { email });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe("rate_limited");
    const tokens = await t.db.selectFrom("one_time_tokens").select("id").where("email_key", "=", email).execute();
    expect(tokens).toHaveLength(5);
  });

  it("limits requests per IP across addresses and redemptions per IP", async () => {
    let last = 0;
    for (let i = 0; i < 31; i++)
      last = (await t.client().post("/api/v1/auth/sign-in-link", { email: uniqueEmail("ip") })).statusCode;
    expect(last).toBe(429);
    let redeem = 0;
    for (let i = 0; i < 31; i++) {
      redeem = (await t.client().post("/api/v1/auth/sign-in-link/redeem", { token: "x".repeat(43) })).statusCode;
    }
    expect(redeem).toBe(429);
  });
});
