// Test data: users and signed-in clients made through the application's own services.
import { randomBytes } from "node:crypto";
import { insertUserOrGetExisting, startSession } from "../../src/server/modules/identity/index.js";
import { inTransaction } from "../../src/server/platform/db/transaction.js";
import { emailKey } from "../../src/shared/email.js";
import type { TestClient } from "../setup/http-client.js";
import type { TestApp } from "../setup/test-app.js";

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

/** A confirmed user and a client holding a live session for them (no email round trip). */
export async function signedInUser(
  t: TestApp,
  options: { email?: string; firstName?: string; lastName?: string } = {},
): Promise<{ id: string; email: string; client: TestClient }> {
  const email = options.email ?? uniqueEmail();
  const { id, cookieValue } = await inTransaction(t.db, async (tx) => {
    const { user } = await insertUserOrGetExisting(tx, {
      email,
      emailKey: emailKey(email),
      emailConfirmedAt: new Date(),
    });
    if (options.firstName || options.lastName) {
      await tx
        .updateTable("users")
        .set({ first_name: options.firstName ?? "", last_name: options.lastName ?? "" })
        .where("id", "=", user.id)
        .execute();
    }
    const session = await startSession(tx, user.id, {
      requestId: null,
      ip: "127.0.0.1",
      actor: { type: "user", id: user.id },
      userAgent: "test",
      previousSessionId: null,
    });
    return { id: user.id, cookieValue: session.cookieValue };
  });
  const client = t.client();
  client.cookie = cookieValue;
  return { id, email, client };
}

/** Signs in the way a person does: request a link, read the email, redeem the token. */
export async function signInByLink(t: TestApp, email: string, client = t.client()): Promise<TestClient> {
  const before = t.smtp.messages.length;
  const res = await client.post("/api/v1/auth/sign-in-link", { email });
  if (res.statusCode !== 202) throw new Error(`link request answered ${res.statusCode}: ${res.body}`);
  const mail = await t.smtp.waitForMail(
    (m) => t.smtp.messages.indexOf(m) >= before && m.to.toLowerCase() === email.toLowerCase(),
  );
  const token = tokenFrom(t.smtp.linkIn(mail, "/sign-in/"));
  const redeemed = await client.post("/api/v1/auth/sign-in-link/redeem", { token });
  if (redeemed.statusCode !== 200) throw new Error(`redeem answered ${redeemed.statusCode}: ${redeemed.body}`);
  return client;
}

export function tokenFrom(link: string): string {
  const last = new URL(link).pathname.split("/").pop();
  if (!last) throw new Error(`no token in ${link}`);
  return last;
}
