// `billfold license verify|activate` (S3, S4).
import type { CliIo } from "./cli-io.js";
import { ACTIVATE_USAGE, licenseActivate } from "./license-activate.js";
import { licenseVerify, VERIFY_USAGE } from "./license-verify.js";

export async function license(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "verify") return licenseVerify(rest, io);
  if (sub === "activate") return licenseActivate(rest, io);
  io.err(VERIFY_USAGE + ACTIVATE_USAGE);
  return 2;
}
