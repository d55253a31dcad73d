// R2: activating a login must respect RESELLER_CUSTOMER_LOGIN=disabled (staff activate a reseller
// customer only once the account is direct). setLoginActivated cannot check that, so until the
// support console does, nothing but tests may reach it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SERVER = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("R2: setLoginActivated", () => {
  it("is called by no route or command (only identity defines and exports it)", () => {
    const callers = sourceFiles(SERVER)
      .filter((file) => fs.readFileSync(file, "utf8").includes("setLoginActivated"))
      .map((file) => path.relative(SERVER, file).split(path.sep).join("/"))
      .sort();
    expect(callers).toEqual(["modules/identity/index.ts", "modules/identity/login-activation.service.ts"]);
  });
});
