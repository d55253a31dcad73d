// S3: a verified license's contents as `billfold license verify` and `activate` print them.
import type { LicensePayload } from "../platform/licensing/license.js";

export function licenseSummary(payload: LicensePayload, expired: boolean): string {
  const rows: [string, string][] = [
    ["Licensee", payload.licensee.name],
    ["Company", payload.licensee.company || "-"],
    ["Email", payload.licensee.email],
    ["Plan", `${payload.plan.name} (${payload.plan.id})`],
    ["Seats", String(payload.seats)],
    ...payload.subscriptions.map((s, i): [string, string] => [
      i === 0 ? "Subscriptions" : "",
      `${s.number}  ${s.start} to ${s.end}`,
    ]),
    ["Instance", payload.instanceId ?? "any (not bound to an instance)"],
    ["Issued", payload.issuedAt],
    ["Expires", `${payload.expiresAt}${expired ? "  (EXPIRED)" : ""}`],
    ["License id", payload.licenseId],
    ["Key id", payload.keyId],
  ];
  const lines = rows.map(([label, value]) => `${(label ? `${label}:` : "").padEnd(15)}${value}`);
  return `${lines.join("\n")}\n`;
}
