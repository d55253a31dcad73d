#!/usr/bin/env node
// Builds the server (tsc) and the web app (vite), saying what it does, one line per step.
// `npm run build`: everything. `npm start` (`--if-changed`): only what changed since the last
// build (issue 13: every start rebuilt everything, silently, for 20 to 50 seconds):
// - server: `tsc -b` with an incremental build-info file compares the sources' times with its
//   last build and does nothing (under a second) when none is newer;
// - web app: `vite build` only when a web input (src/web, src/shared, vite.config.ts,
//   package-lock.json) is newer than the last successful web build, or that build is missing.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ifChanged = process.argv.includes("--if-changed");
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const WEB_INPUTS = ["src/web", "src/shared", "vite.config.ts", "package-lock.json"];
const WEB_OUTPUT = path.join(root, "dist/web/index.html");
/** Touched with the start time of the last successful web build (vite empties dist/web itself). */
const WEB_STAMP = path.join(root, "dist/web.buildstamp");

function say(line) {
  process.stdout.write(`billfold: ${line}\n`);
}

function seconds(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function webIsUpToDate() {
  if (!fs.existsSync(WEB_OUTPUT) || !fs.existsSync(WEB_STAMP)) return false;
  const built = fs.statSync(WEB_STAMP).mtimeMs;
  return WEB_INPUTS.every((entry) => newestMtime(entry) <= built);
}

let started = performance.now();
say(ifChanged ? "server: compiling what changed (tsc -b)…" : "server: compiling (tsc)…");
const tscArgs = ["-b", "tsconfig.build.json", ...(ifChanged ? [] : ["--force"])];
const tsc = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), ...tscArgs], {
  cwd: root,
  stdio: "inherit",
});
if (tsc.status !== 0) {
  say("server: the TypeScript compiler reported errors (above); nothing was started.");
  process.exit(tsc.status ?? 1);
}
say(`server: ready (${seconds(started)})`);

if (ifChanged && webIsUpToDate()) {
  say("web app: up to date (dist/web is newer than src/web and src/shared)");
} else {
  started = performance.now();
  const buildStart = new Date();
  say("web app: building (vite build)…");
  const { build } = await import("vite");
  try {
    await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
  } catch (error) {
    say(`web app: the build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // The start time, not the end: a file saved during the build is newer, so the next start rebuilds.
  fs.writeFileSync(WEB_STAMP, "");
  fs.utimesSync(WEB_STAMP, buildStart, buildStart);
  say(`web app: built (${seconds(started)})`);
}
