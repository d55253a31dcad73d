// Standards: no token, sign-in URL or session id is ever written to a log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenFrom, uniqueEmail } from "../../factories/users.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  t = await createTestApp({ env: { LOG_LEVEL: "trace" }, logLines: lines });
});
afterAll(async () => {
  await t?.close();
});

describe("logs", () => {
  it("carry requests but never the link token, the link or the session cookie", async () => {
    const email = uniqueEmail("logs");
    const client = t.client();
    await client.post("/api/v1/auth/sign-in-link", { email });
    const mail = await t.smtp.waitForMail((m) => m.to === email);
    const link = t.smtp.linkIn(mail, "/sign-in/");
    const token = tokenFrom(link);
    await t.client().get(`/sign-in/${token}?utm=${token}`);
    await client.post("/api/v1/auth/sign-in-link/redeem", { token });
    await client.post("/api/v1/auth/sign-in-link/redeem", { token }); // 410, logged as a failure
    await client.get("/api/v1/me");
    await t.client().post("/api/v1/auth/sign-in-link/redeem", `{"token":"${token}"`); // malformed JSON

    const log = lines.join("");
    expect(lines.length).toBeGreaterThan(4);
    expect(log).toContain("/api/v1/auth/sign-in-link/redeem");
    expect(log).not.toContain(token);
    expect(log).not.toContain(client.cookie!);
    expect(log).not.toContain(link);
  });
});
