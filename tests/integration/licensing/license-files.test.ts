// S3: the committed golden license files (tests/fixtures/licenses/README.md) through
// `billfold license verify`: in-process for each file, and once as a real process. The format
// must not drift: signing the golden payload again gives valid.lic byte for byte.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../src/server/cli/cli.js";
import { signLicense, verifyLicense } from "../../../src/server/platform/licensing/license-format.js";
import { GOLDEN_PAYLOAD } from "../../fixtures/licenses/golden-payload.js";
import { capturedIo } from "../../setup/cli-io.js";
import { fixtureKeys, fixtureText, LICENSE_FIXTURES } from "../../setup/license-keys.js";

const PUBLIC_KEY = path.join(LICENSE_FIXTURES, "test-public-key.pem");

/** runCli with its own streams; no DATA_DIR or key in the environment unless given. */
async function billfold(args: string[], env: NodeJS.ProcessEnv = {}, stdin = "") {
  const { io, captured } = capturedIo({ env, cwd: LICENSE_FIXTURES, stdin });
  const code = await runCli(args, io);
  return { code, ...captured };
}

describe("golden license files (S3)", () => {
  it("signing the golden payload with the test key gives valid.lic byte for byte", () => {
    expect(signLicense(fixtureKeys("test"), GOLDEN_PAYLOAD)).toBe(fixtureText("valid.lic"));
  });

  it("license verify prints the contents of a valid file and exits 0", async () => {
    const { code, stdout } = await billfold(["license", "verify", "valid.lic", "--public-key", PUBLIC_KEY]);
    expect(code).toBe(0);
    expect(stdout).toContain("Licensee:      Ada Lovelace");
    expect(stdout).toContain("Company:       Acme Analytical Engines Ltd");
    expect(stdout).toContain("Email:         ada@acme.example");
    expect(stdout).toContain("Plan:          Premium (premium)");
    expect(stdout).toContain("Seats:         10");
    expect(stdout).toContain("Subscriptions: A-S00000042  2026-12-01 to 2027-12-01");
    expect(stdout).toContain("Instance:      any (not bound to an instance)");
    expect(stdout).toContain("Issued:        2026-12-01T10:00:00.000Z");
    expect(stdout).toContain("Expires:       2027-12-15T00:00:00.000Z");
    expect(stdout).toContain(`Key id:        ${fixtureKeys("test").current.keyId}`);
    expect(stdout).toMatch(/Signature: +valid\n$/);
  });

  it.each([
    ["flipped-byte.lic", "bad_signature"],
    ["unknown-alg.lic", "unknown_alg"],
    ["wrong-prefix.lic", "bad_signature"],
    ["unknown-key.lic", "unknown_key_id"],
    ["trailing-garbage.lic", "malformed"],
    ["retired-key.lic", "unknown_key_id"],
  ])("license verify refuses %s (%s) and exits 1, printing no contents", async (file, reason) => {
    const { code, stdout } = await billfold(["license", "verify", file, "--public-key", PUBLIC_KEY]);
    expect(code).toBe(1);
    expect(stdout).toContain(`INVALID`);
    expect(stdout).toContain(`(${reason})`);
    expect(stdout).not.toContain("Ada Lovelace");
    expect(verifyLicense(fixtureText(file), fixtureKeys("test").verifying)).toEqual({ ok: false, reason });
  });

  it("exits 3 for a valid but expired file, and says it expired", async () => {
    const { code, stdout } = await billfold(["license", "verify", "expired.lic", "--public-key", PUBLIC_KEY]);
    expect(code).toBe(3);
    expect(stdout).toContain("Expires:       2025-12-15T00:00:00.000Z  (EXPIRED)");
    expect(stdout).toContain("Instance:      instance-7f3e");
    expect(stdout).toMatch(/Signature: +valid/);
  });

  it("rotation: a file signed by a retired key verifies when its public key is given too", async () => {
    const both = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "billfold-keys-")), "keys.pem");
    fs.writeFileSync(both, fixtureText("test-public-key.pem") + fixtureText("test-retired-public-key.pem"));
    expect((await billfold(["license", "verify", "retired-key.lic", "--public-key", both])).code).toBe(0);
    expect((await billfold(["license", "verify", "valid.lic", "--public-key", both])).code).toBe(0);
  });

  it("reads the public key from BILLFOLD_LICENSE_PUBLIC_KEY, and the file from stdin with -", async () => {
    const env = { BILLFOLD_LICENSE_PUBLIC_KEY: fixtureText("test-public-key.pem") };
    expect((await billfold(["license", "verify", "-"], env, fixtureText("valid.lic"))).code).toBe(0);
    expect((await billfold(["license", "verify", "-"], env, fixtureText("flipped-byte.lic"))).code).toBe(1);
  });

  it("without a key given, verifies with this portal's own keys (LICENSE_PRIVATE_KEY, LICENSE_PUBLIC_KEYS)", async () => {
    const env = {
      LICENSE_PRIVATE_KEY: fixtureText("test-private-key.pem"),
      LICENSE_PUBLIC_KEYS: fixtureText("test-retired-public-key.pem"),
    };
    expect((await billfold(["license", "verify", "valid.lic"], env)).code).toBe(0);
    expect((await billfold(["license", "verify", "retired-key.lic"], env)).code).toBe(0);
    expect((await billfold(["license", "verify", "unknown-key.lic"], env)).code).toBe(1);
  });

  it("with no key anywhere, says how to give one, makes no key file, and exits 2", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "billfold-verify-"));
    const { code, stderr } = await billfold(["license", "verify", "valid.lic"], { DATA_DIR: dataDir });
    expect(code).toBe(2);
    expect(stderr).toContain("--public-key PEMFILE or BILLFOLD_LICENSE_PUBLIC_KEY");
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it("answers usage and unreadable input with exit 2", async () => {
    expect((await billfold(["license", "verify"])).code).toBe(2);
    expect((await billfold(["license", "verify", "valid.lic", "--key", PUBLIC_KEY])).code).toBe(2);
    expect((await billfold(["license", "verify", "missing.lic", "--public-key", PUBLIC_KEY])).code).toBe(2);
    expect((await billfold(["license", "verify", "valid.lic", "--public-key", "valid.lic"])).code).toBe(2);
  });

  it("as a real process: exit codes 0 and 1 and the contents on stdout", async () => {
    const run = (file: string) =>
      new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            path.resolve("src/server/main.ts"),
            "license",
            "verify",
            file,
            "--public-key",
            PUBLIC_KEY,
          ],
          { cwd: LICENSE_FIXTURES, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
        );
        let stdout = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout }));
      });
    const [valid, flipped] = await Promise.all([run("valid.lic"), run("flipped-byte.lic")]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain("Licensee:      Ada Lovelace");
    expect(flipped.code).toBe(1);
  });
});
