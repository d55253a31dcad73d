// TEMPORARY (branch `server`): a stand-in for the signer another helper writes in this folder; the
// lead replaces this file with theirs at merge. Same signature, same format (license.ts).
import { generateKeyPairSync, sign } from "node:crypto";
import type { LicenseKeys, LicensePayload } from "./license.js";

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** S3: the license file text for `payload`, signed with the current key. */
export function signLicense(keys: LicenseKeys, payload: Omit<LicensePayload, "keyId">): string {
  const body = Buffer.from(canonical({ ...payload, keyId: keys.current.keyId })).toString("base64");
  const sig = sign(null, Buffer.from(`license/${body}`), keys.current.privateKey).toString("base64");
  const file = Buffer.from(JSON.stringify({ payload: body, sig, alg: "ed25519" })).toString("base64");
  const lines = file.match(/.{1,64}/g) ?? [];
  return `-----BEGIN BILLFOLD LICENSE-----\n${lines.join("\n")}\n-----END BILLFOLD LICENSE-----\n`;
}

/** An in-memory key pair (TEMPORARY: the real one comes from LICENSE_PRIVATE_KEY or DATA_DIR). */
export function generateLicenseKeys(): LicenseKeys {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const current = { keyId: "temporary-key", publicKey, publicKeyPem, privateKey };
  return { current, verifying: new Map([[current.keyId, { keyId: current.keyId, publicKey, publicKeyPem }]]) };
}
