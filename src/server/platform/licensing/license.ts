// S3: signed license files. The contract every caller uses; the implementation is in this folder.
//
// A license file is a text block:
//   -----BEGIN BILLFOLD LICENSE-----
//   <base64 of JSON {"payload": "<base64 of canonical JSON of LicensePayload>", "sig": "<base64>", "alg": "ed25519"}>
//   -----END BILLFOLD LICENSE-----
// The signature is Ed25519 over the bytes of "license/" + payload (domain separation: no other
// signed Billfold document can pass as a license).
import type { KeyObject } from "node:crypto";

export type LicensePayload = {
  /** The format's version. */
  v: 1;
  /** This file's own id (a UUID): two files for one subscription differ. */
  licenseId: string;
  /** Which key signed it (several public keys verify, for rotation). */
  keyId: string;
  licensee: { name: string; company: string; email: string };
  plan: { id: string; name: string };
  seats: number;
  /** One entry, or several for a combined license (S5, support console). */
  subscriptions: { number: string; start: string; end: string }[];
  /** S4: the instance an activation bound it to; null for a downloaded file. */
  instanceId: string | null;
  /** ISO timestamps: when this file was signed, and when it stops being valid (the last
   * subscription end plus a grace period; kept apart from the subscriptions' end dates). */
  issuedAt: string;
  expiresAt: string;
};

export type LicenseKey = { keyId: string; publicKey: KeyObject; publicKeyPem: string };

/** The process's keys: one to sign with, every key a license may name to verify with. */
export type LicenseKeys = {
  current: LicenseKey & { privateKey: KeyObject };
  /** By key id, the current one included. */
  verifying: Map<string, LicenseKey>;
};
