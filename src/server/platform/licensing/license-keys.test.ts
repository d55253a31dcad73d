// S3: where the signing key comes from. Generated once into DATA_DIR and reused; created
// atomically (two processes starting together end with one key); LICENSE_PRIVATE_KEY must be an
// Ed25519 PKCS#8 key; retired public keys (LICENSE_PUBLIC_KEYS) keep old files verifiable.
import { spawn } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config.js";
import { signLicense, verifyLicense } from "./license-format.js";
import { LICENSE_KEY_FILE, loadLicenseKeys } from "./license-keys.js";
import { keyIdOf } from "./license-pem.js";

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "billfold-license-keys-"));
const pemOf = (type: "ed25519" | "rsa" | "ec") => {
  const pair =
    type === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 1024 })
      : type === "ec"
        ? generateKeyPairSync("ec", { namedCurve: "P-256" })
        : generateKeyPairSync("ed25519");
  return {
    privatePem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
};
const PAYLOAD = {
  v: 1 as const,
  licenseId: "11111111-2222-4333-8444-555555555555",
  licensee: { name: "Ada", company: "", email: "ada@example.com" },
  plan: { id: "premium", name: "Premium" },
  seats: 5,
  subscriptions: [{ number: "A-S00000001", start: "2026-01-01", end: "2027-01-01" }],
  instanceId: null,
  issuedAt: "2026-01-01T00:00:00.000Z",
  expiresAt: "2027-01-15T00:00:00.000Z",
};

describe("license keys (S3)", () => {
  it("generates a key into DATA_DIR once (mode 0600) and loads the same key after", () => {
    const dataDir = path.join(tempDir(), "nested");
    const first = loadLicenseKeys({ licensePrivateKey: null, dataDir, retiredPublicKeys: null });
    const file = path.join(dataDir, LICENSE_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadLicenseKeys({ licensePrivateKey: null, dataDir, retiredPublicKeys: null });
    expect(second.current.keyId).toBe(first.current.keyId);
    expect(fs.readdirSync(dataDir)).toEqual([LICENSE_KEY_FILE]); // no temporary file left behind
    expect(verifyLicense(signLicense(first, PAYLOAD), second.verifying)).toMatchObject({ ok: true });
  });

  it("two processes starting together on an empty DATA_DIR end with one key", async () => {
    const dataDir = tempDir();
    const script = `import { loadLicenseKeys } from ${JSON.stringify(path.resolve(import.meta.dirname, "license-keys.ts"))};
      process.stdout.write(loadLicenseKeys({ licensePrivateKey: null, dataDir: ${JSON.stringify(dataDir)}, retiredPublicKeys: null }).current.keyId);`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
        let out = "";
        child.stdout.on("data", (chunk) => (out += chunk));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const ids = await Promise.all([run(), run(), run()]);
    expect(new Set(ids).size).toBe(1);
    expect(fs.readdirSync(dataDir)).toEqual([LICENSE_KEY_FILE]);
  });

  it("uses LICENSE_PRIVATE_KEY when set, and writes nothing to DATA_DIR", () => {
    const dataDir = tempDir();
    const { privatePem } = pemOf("ed25519");
    const keys = loadLicenseKeys({ licensePrivateKey: privatePem, dataDir, retiredPublicKeys: null });
    expect(keys.current.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it("key id: the first 16 hex characters of SHA-256 over the raw public key", () => {
    const { publicKey } = generateKeyPairSync("ed25519");
    const raw = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
    expect(raw).toHaveLength(32);
    expect(keyIdOf(publicKey)).toBe(createHash("sha256").update(raw).digest("hex").slice(0, 16));
  });

  it.each([
    ["an RSA key", pemOf("rsa").privatePem, /LICENSE_PRIVATE_KEY: must be an Ed25519 key, but it is an RSA key/],
    ["an EC key", pemOf("ec").privatePem, /LICENSE_PRIVATE_KEY: must be an Ed25519 key, but it is an EC key/],
    ["a public key", pemOf("ed25519").publicPem, /LICENSE_PRIVATE_KEY: must be a PKCS#8 PEM private key/],
    ["garbage", "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----", /not a readable PEM private key/],
  ])("refuses %s as LICENSE_PRIVATE_KEY with a clear ConfigError", (_name, pem, message) => {
    const load = () => loadLicenseKeys({ licensePrivateKey: pem, dataDir: tempDir(), retiredPublicKeys: null });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it("refuses a key file in DATA_DIR that is not an Ed25519 key, naming the file", () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, LICENSE_KEY_FILE), pemOf("ec").privatePem);
    expect(() => loadLicenseKeys({ licensePrivateKey: null, dataDir, retiredPublicKeys: null })).toThrow(
      new RegExp(`${LICENSE_KEY_FILE}: must be an Ed25519 key`),
    );
  });

  it("does not make a key when told only to read (license verify)", () => {
    const dataDir = tempDir();
    expect(() =>
      loadLicenseKeys({ licensePrivateKey: null, dataDir, retiredPublicKeys: null, createIfMissing: false }),
    ).toThrow(/there is no .*license-key\.pem/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it("rotation: files signed by a retired key still verify when its public key is in LICENSE_PUBLIC_KEYS", () => {
    const old = pemOf("ed25519");
    const older = pemOf("ed25519");
    const oldKeys = loadLicenseKeys({ licensePrivateKey: old.privatePem, dataDir: tempDir(), retiredPublicKeys: null });
    const oldFile = signLicense(oldKeys, PAYLOAD);
    const current = pemOf("ed25519");
    const without = loadLicenseKeys({
      licensePrivateKey: current.privatePem,
      dataDir: tempDir(),
      retiredPublicKeys: null,
    });
    expect(verifyLicense(oldFile, without.verifying)).toEqual({ ok: false, reason: "unknown_key_id" });

    const rotated = loadLicenseKeys({
      licensePrivateKey: current.privatePem,
      dataDir: tempDir(),
      retiredPublicKeys: `${old.publicPem}\n${older.publicPem}`,
    });
    expect(rotated.verifying.size).toBe(3);
    expect(verifyLicense(oldFile, rotated.verifying)).toMatchObject({ ok: true, keyId: oldKeys.current.keyId });
    // New files name the current key.
    expect(verifyLicense(signLicense(rotated, PAYLOAD), rotated.verifying)).toMatchObject({
      keyId: rotated.current.keyId,
    });
  });

  it.each([
    ["no key at all", "hello", /LICENSE_PUBLIC_KEYS: must hold one or more PEM public keys/],
    ["a private key", pemOf("ed25519").privatePem, /LICENSE_PUBLIC_KEYS: must hold one or more PEM public keys/],
    ["text between keys", `${pemOf("ed25519").publicPem}junk\n${pemOf("ed25519").publicPem}`, /text outside/],
    ["an RSA key", pemOf("rsa").publicPem, /key 1 must be an Ed25519 key, but it is an RSA key/],
  ])("refuses LICENSE_PUBLIC_KEYS holding %s", (_name, text, message) => {
    expect(() =>
      loadLicenseKeys({ licensePrivateKey: pemOf("ed25519").privatePem, dataDir: tempDir(), retiredPublicKeys: text }),
    ).toThrow(message);
  });
});
