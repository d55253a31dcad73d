// S4: `billfold license activate`: the headless path an operator scripts, against the real portal
// over HTTP. Binds the subscription to this instance, verifies the answered license offline, and
// writes it; the same instance may activate again; another instance is refused (409) with the
// portal's message; an unknown code is a 404; a pinned key that did not sign it is refused.
// Needs POST /api/v1/activations (the activation route, built beside this command).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../src/server/cli/cli.js";
import { INSTANCE_ID_FILE } from "../../../src/server/cli/instance-id.js";
import { verifyLicense } from "../../../src/server/platform/licensing/license-format.js";
import { verifyingKeysFromPem } from "../../../src/server/platform/licensing/license-pem.js";
import { formatActivationCode } from "../../../src/shared/licensing.js";
import { accountWithManagers } from "../../factories/accounts.js";
import { addCard, purchaseBody } from "../../factories/billing.js";
import { capturedIo } from "../../setup/cli-io.js";
import { fixtureText, LICENSE_FIXTURES } from "../../setup/license-keys.js";
import { createTestApp, type TestApp } from "../../setup/test-app.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ listen: true, worker: false });
});
afterAll(async () => {
  await t?.close();
});

const TEST_PUBLIC_KEYS = verifyingKeysFromPem(fixtureText("test-public-key.pem"));
const instanceDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "billfold-instance-"));

async function billfold(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const { io, captured } = capturedIo({ env, cwd });
  const code = await runCli(["license", "activate", ...args], io);
  return { code, ...captured };
}

/** A self-managed subscription bought through the API; its number and activation code. */
async function selfManagedSubscription(): Promise<{ number: string; code: string }> {
  const { account, owner } = await accountWithManagers(t);
  await addCard(owner.client, account.id);
  const res = await owner.client.post("/api/v1/purchases", purchaseBody(account.id, { deployment: "self_managed" }), {
    "idempotency-key": `activate-${Date.now()}-${Math.random()}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  const { subscription } = res.json();
  expect(subscription.activationCode).toMatch(/^[A-Z0-9]{24}$/);
  return { number: subscription.subscriptionNumber, code: subscription.activationCode };
}

describe("billfold license activate (S4)", () => {
  it("activates, writes a license bound to this instance that verifies offline, and may activate again", async () => {
    const { number, code } = await selfManagedSubscription();
    const dir = instanceDir();
    const first = await billfold([formatActivationCode(code), "--url", t.baseUrl, "--out", "license.lic"], dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe("");
    const instanceId = fs.readFileSync(path.join(dir, INSTANCE_ID_FILE), "utf8").trim();
    expect(first.stderr).toContain(`Activated subscription ${number} for instance ${instanceId}`);
    expect(first.stderr).toMatch(/Signature: +valid/);
    expect(first.stderr).not.toContain(code); // the code is a secret: never echoed

    const file = fs.readFileSync(path.join(dir, "license.lic"), "utf8");
    const verified = verifyLicense(file, TEST_PUBLIC_KEYS);
    expect(verified).toMatchObject({ ok: true, expired: false });
    expect(verified.ok && verified.payload.instanceId).toBe(instanceId);
    expect(verified.ok && verified.payload.subscriptions.map((s) => s.number)).toEqual([number]);

    // The same instance (same ./billfold-instance-id) activates again; without --out, to stdout.
    const again = await billfold([code.toLowerCase(), "--url", t.baseUrl], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^-----BEGIN BILLFOLD LICENSE-----\n/);
    expect(verifyLicense(again.stdout, TEST_PUBLIC_KEYS)).toMatchObject({ ok: true });
  });

  it("another instance is refused 409 with the portal's message and what to do", async () => {
    const { code } = await selfManagedSubscription();
    expect((await billfold([code, "--url", t.baseUrl, "--instance-id", "instance-a"], instanceDir())).code).toBe(0);
    const second = await billfold([code, "--url", t.baseUrl, "--instance-id", "instance-b"], instanceDir());
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("The portal refused (409)");
    expect(second.stderr).toContain("already_activated");
    expect(second.stderr).toContain("A manager can release it on the subscription page.");
    expect(second.stdout).toBe("");
  });

  it("an unknown code is a 404 with a hint, and writes nothing", async () => {
    const dir = instanceDir();
    const res = await billfold(["ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", "--url", t.baseUrl, "--out", "license.lic"], dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("The portal refused (404)");
    expect(res.stderr).toContain("activation_code_invalid");
    expect(res.stderr).toContain("regenerated");
    expect(fs.existsSync(path.join(dir, "license.lic"))).toBe(false);
  });

  it("with a pinned public key that did not sign the answer, refuses the license and writes nothing", async () => {
    const { code } = await selfManagedSubscription();
    const dir = instanceDir();
    const other = path.join(LICENSE_FIXTURES, "test-other-public-key.pem");
    const res = await billfold([code, "--url", t.baseUrl, "--out", "license.lic", "--public-key", other], dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("does not verify");
    expect(res.stderr).toContain("unknown_key_id");
    expect(fs.existsSync(path.join(dir, "license.lic"))).toBe(false);
  });

  it("answers usage errors (bad code shape, unknown flag, bad instance id) with exit 2 before calling the portal", async () => {
    const dir = instanceDir();
    expect((await billfold(["short", "--url", t.baseUrl], dir)).code).toBe(2);
    expect((await billfold(["ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", "--force", "x"], dir)).code).toBe(2);
    expect((await billfold(["ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", "--instance-id", "has space"], dir)).code).toBe(2);
    expect(fs.existsSync(path.join(dir, INSTANCE_ID_FILE))).toBe(false);
  });

  it("cannot reach a portal that is not there: exit 1 with the address", async () => {
    const res = await billfold(
      ["ABCD-EFGH-JKLM-NPQR-STUV-WXYZ", "--url", "http://127.0.0.1:9", "--instance-id", "i"],
      instanceDir(),
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Cannot reach http://127.0.0.1:9/api/v1/activations");
  });
});
