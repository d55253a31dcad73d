// S4: `billfold license activate CODE [--instance-id ID] [--url BASE_URL] [--out FILE]
// [--public-key PEMFILE]`: the headless path an operator scripts. Binds the subscription to this
// instance (POST /api/v1/activations), verifies the license it answers offline against the portal's
// published keys (or the pinned --public-key), writes it to --out (default stdout) and a summary to
// stderr. Exit 0: activated; 1: refused or not a valid license; 2: usage.
import fs from "node:fs";
import path from "node:path";
import { errorBodySchema } from "../../shared/errors.js";
import {
  activationCodeSchema,
  activationResultSchema,
  instanceIdSchema,
  licensePublicKeySchema,
} from "../../shared/licensing.js";
import type { LicenseKey } from "../platform/licensing/license.js";
import { LICENSE_FAILURE_MESSAGES, verifyLicense } from "../platform/licensing/license-format.js";
import { verifyingKeysFromPem } from "../platform/licensing/license-pem.js";
import type { CliIo } from "./cli-io.js";
import { stableInstanceId } from "./instance-id.js";
import { licenseSummary } from "./license-summary.js";
import { PUBLIC_KEY_ENV, verifyingKeys } from "./license-verify.js";

export const ACTIVATE_USAGE =
  "Usage: billfold license activate CODE [--instance-id ID] [--url BASE_URL] [--out FILE] [--public-key PEMFILE]\n";
const FLAGS = ["--instance-id", "--url", "--out", "--public-key"] as const;
type Flag = (typeof FLAGS)[number];

/** What each refusal means for the operator, beside the portal's own message. */
const HINTS: Record<number, string> = {
  400: "Check the code (24 letters and digits, as shown on the subscription page) and the instance id.",
  404: "No subscription has this code: it may have been regenerated. A manager sees the current code on the subscription page.",
  409: "The subscription is bound to another instance. A manager can release it on the subscription page.",
  429: "Too many attempts; try again later.",
};

class Refused extends Error {}

export async function licenseActivate(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  const code = activationCodeSchema.safeParse(parsed?.code ?? "");
  if (!parsed || !code.success) {
    io.err(parsed ? `${code.error?.issues[0]?.message ?? "Invalid code."}\n${ACTIVATE_USAGE}` : ACTIVATE_USAGE);
    return 2;
  }
  const instanceId = parsed.flags["--instance-id"]
    ? instanceIdSchema.safeParse(parsed.flags["--instance-id"])
    : { success: true as const, data: stableInstanceId(io.cwd) };
  if (!instanceId.success) {
    io.err(`${instanceId.error.issues[0]?.message}\n`);
    return 2;
  }
  const baseUrl = (parsed.flags["--url"] ?? io.env.BASE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const pinned =
    parsed.flags["--public-key"] || io.env[PUBLIC_KEY_ENV]
      ? verifyingKeys(io, parsed.flags["--public-key"])
      : undefined;
  if (pinned === null) return 2;

  try {
    const result = activationResultSchema.parse(
      await call(io, `${baseUrl}/api/v1/activations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: code.data, instanceId: instanceId.data }),
      }),
    );
    const keys = pinned ?? (await publishedKeys(io, baseUrl));
    const verified = verifyLicense(result.license, keys);
    if (!verified.ok)
      throw new Refused(
        `The portal answered a license that does not verify: ${LICENSE_FAILURE_MESSAGES[verified.reason]} (${verified.reason}).`,
      );
    if (verified.payload.instanceId !== instanceId.data)
      throw new Refused("The portal answered a license for another instance.");

    const out = parsed.flags["--out"];
    if (out) fs.writeFileSync(path.resolve(io.cwd, out), result.license);
    else io.out(result.license);
    io.err(
      `Activated subscription ${result.subscriptionNumber} for instance ${result.instanceId}${out ? `; license written to ${out}` : ""}.\n` +
        licenseSummary(verified.payload, verified.expired) +
        "Signature:     valid\n",
    );
    return 0;
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    io.err(`${error.message}\n`);
    return 1;
  }
}

function parseArgs(args: string[]): { code: string; flags: Partial<Record<Flag, string>> } | null {
  const [code, ...rest] = args;
  if (!code || code.startsWith("--")) return null;
  const flags: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i] as Flag;
    const value = rest[i + 1];
    if (!FLAGS.includes(flag) || value === undefined || flags[flag] !== undefined) return null;
    flags[flag] = value;
  }
  return { code, flags };
}

/** The answer's JSON on 200; otherwise a Refused saying what the portal said and what to do. */
async function call(io: CliIo, url: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await io.fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new Refused(`Cannot reach ${url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const portal = errorBodySchema.safeParse(body);
  const said = portal.success ? `${portal.data.error.message} (${portal.data.error.code})` : response.statusText;
  const retry = response.status === 429 ? response.headers.get("retry-after") : null;
  throw new Refused(
    [
      `The portal refused (${response.status}): ${said}`,
      HINTS[response.status],
      retry ? `Retry after ${retry} seconds.` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
}

/** The portal's published keys; each key id is computed here, not taken from the answer. */
async function publishedKeys(io: CliIo, baseUrl: string): Promise<Map<string, LicenseKey>> {
  const answer = licensePublicKeySchema.safeParse(await call(io, `${baseUrl}/api/v1/license-public-key`));
  if (!answer.success) throw new Refused("The portal's public key answer is not understood.");
  try {
    return verifyingKeysFromPem(answer.data.keys.map((key) => key.publicKeyPem).join("\n"));
  } catch (error) {
    throw new Refused(`The portal's public keys are not usable: ${(error as Error).message}`);
  }
}
