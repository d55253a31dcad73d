// S4: this instance's own id for `billfold license activate`: made once into ./billfold-instance-id
// and read after, so activating again from the same place is the same instance (not a second one).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { instanceIdSchema } from "../../shared/licensing.js";

export const INSTANCE_ID_FILE = "billfold-instance-id";

export function stableInstanceId(dir: string): string {
  const file = path.join(dir, INSTANCE_ID_FILE);
  try {
    fs.writeFileSync(file, `${randomUUID()}\n`, { flag: "wx" }); // never replaces an existing id
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const parsed = instanceIdSchema.safeParse(fs.readFileSync(file, "utf8"));
  if (!parsed.success) throw new Error(`${file} does not hold an instance id; remove it to make a new one`);
  return parsed.data;
}
