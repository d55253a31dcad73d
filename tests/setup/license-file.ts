// Reads a license file the way an offline verifier would, from the format in
// src/server/platform/licensing/license.ts: base64 JSON {payload, sig, alg} between the BEGIN and
// END lines; Ed25519 over "license/" + payload, checked with the key the payload names.
import { verify } from "node:crypto";
import type { LicenseKeys, LicensePayload } from "../../src/server/platform/licensing/license.js";

const BLOCK = /-----BEGIN BILLFOLD LICENSE-----\s+([A-Za-z0-9+/=\s]+?)\s+-----END BILLFOLD LICENSE-----/;

/** The payload if the file's signature holds with one of `keys`; throws otherwise. */
export function readLicenseFile(text: string, keys: LicenseKeys): LicensePayload {
  const match = BLOCK.exec(text);
  if (!match) throw new Error("no license block");
  const envelope = JSON.parse(Buffer.from(match[1]!.replace(/\s+/g, ""), "base64").toString("utf8")) as {
    payload: string;
    sig: string;
    alg: string;
  };
  if (envelope.alg !== "ed25519") throw new Error(`unknown alg ${envelope.alg}`);
  const payload = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8")) as LicensePayload;
  const key = keys.verifying.get(payload.keyId);
  if (!key) throw new Error(`unknown key id ${payload.keyId}`);
  const ok = verify(
    null,
    Buffer.from(`license/${envelope.payload}`),
    key.publicKey,
    Buffer.from(envelope.sig, "base64"),
  );
  if (!ok) throw new Error("signature does not hold");
  return payload;
}
