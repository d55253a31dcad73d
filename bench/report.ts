// The benchmark's report: a table on stdout and the whole run as JSON in bench/results/.
// `tsx bench/report.ts FILE.json` prints a saved run again; `tsx bench/report.ts --compare
// SMALL.json LARGE.json` compares two runs (e.g. 10k vs 1M accounts) by their ratios to baseline.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadResult } from "./load.js";
import type { ProcStats } from "./procstat.js";
import type { SeedInfo } from "./seed.js";
import type { TimeToInbox } from "./time-to-inbox.js";

export type Measured = LoadResult & { proc: ProcStats };

export type ScenarioResult = {
  name: string;
  label: string;
  /** null: no target of its own (a write reported against the write yardstick only). */
  target: number | null;
  status: "measured" | "skipped";
  skipReason?: string;
  fixtures?: number;
  portal?: Measured;
  baseline?: Measured;
  ratio?: number;
  meetsTarget?: boolean;
  /** Writes: the ratio to the write yardstick (one INSERT per request) of the same run. */
  writeRatio?: number;
  /**
   * Writes: mails the SMTP sink received for the scenario, how many of them while the load ran,
   * and the seconds from the window's end until the queue was empty (null: not within the limit).
   */
  mail?: { inWindow: number; total: number; drainSeconds: number | null };
  /** Writes: sign-in links asked for while the load ran, timed from the request to the SMTP sink. */
  timeToInbox?: TimeToInbox;
};

export type SoakResult = {
  seconds: number;
  windows: { at: number; rps: number; p99: number; rssMb: number; errors: number }[];
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  growthMb: number;
  grows: boolean;
};

export type RunReport = {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; postgres: string; loadAverage: number[] };
  options: Record<string, unknown>;
  seed: SeedInfo;
  scenarios: ScenarioResult[];
  soak: SoakResult | null;
  /** The write yardstick (bare node:http, one INSERT per request), measured once before the writes. */
  writeBaseline?: Measured | null;
  rssLimitMb: number;
  failures: string[];
  misses: string[];
};

const here = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = path.join(here, "results");

export function writeReport(report: RunReport): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replaceAll(":", "-").replace(/\.\d+Z$/, "Z");
  const file = path.join(RESULTS_DIR, `${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const fmt = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
  return [fmt(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(fmt)].join("\n");
}

const n0 = (v: number) => Math.round(v).toLocaleString("en");

const targetText = (target: number | null) => (target === null ? "—" : `≥ ${target.toFixed(2)}`);

export function formatReport(report: RunReport): string {
  const rows: string[][] = [
    [
      "scenario",
      "req/s",
      "p50 ms",
      "p99 ms",
      "errors",
      "CPU %",
      "RSS MB",
      "baseline req/s",
      "ratio",
      "target",
      "vs 1 INSERT",
      "",
    ],
  ];
  for (const s of report.scenarios) {
    if (s.status === "skipped" || !s.portal || !s.baseline) {
      rows.push([
        s.label,
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
        "—",
        targetText(s.target),
        "—",
        `skipped: ${s.skipReason}`,
      ]);
      continue;
    }
    const p = s.portal;
    const errors = p.errors + p.timeouts + p.non2xx;
    rows.push([
      s.label,
      n0(p.rps),
      String(p.latencyMs.p50),
      String(p.latencyMs.p99),
      String(errors),
      p.proc.cpuPercent.toFixed(0),
      p.proc.rssMbMax.toFixed(0),
      n0(s.baseline.rps),
      (s.ratio ?? 0).toFixed(2),
      targetText(s.target),
      s.writeRatio !== undefined ? s.writeRatio.toFixed(2) : "",
      errors > 0 ? "FAILED (errors)" : s.meetsTarget ? "ok" : "below target",
    ]);
  }
  const lines = [
    `Billfold benchmark — ${report.startedAt} — ${report.seed.accounts.toLocaleString("en")} accounts, ${report.options.connections} connections, ${report.options.instances} instance(s), ${report.options.duration} s windows`,
    `machine: ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ${report.machine.postgres}; load average at start ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(" ")}`,
    "",
    table(rows),
  ];
  const baselineCpu = report.scenarios.find((s) => s.baseline)?.baseline?.proc.cpuPercent;
  if (baselineCpu !== undefined) lines.push("", `baseline server CPU ≈ ${baselineCpu.toFixed(0)} % of a core`);
  // The yardstick runs right after the first write scenario's select baseline: compare it with that one.
  const besideIt = report.scenarios.find((s) => s.writeRatio !== undefined)?.baseline;
  if (report.writeBaseline && besideIt) {
    const w = report.writeBaseline;
    lines.push(
      `write yardstick (bare node:http, one INSERT per request): ${n0(w.rps)} req/s = ${(w.rps / besideIt.rps).toFixed(2)} of the select baseline measured before it; "vs 1 INSERT" is each write's ratio to it`,
    );
  }
  const mailed = report.scenarios.filter((s) => s.mail);
  if (mailed.length) {
    lines.push(
      "",
      "mail (delivered by the worker in the portal process, to a local SMTP server):",
      ...mailed.map(
        (s) =>
          `  ${s.label}: ${n0(s.mail!.total)} delivered, ${n0(s.mail!.inWindow)} of them while the load ran; queue empty ${s.mail!.drainSeconds ?? "—"} s after the window`,
      ),
    );
  }
  const probed = report.scenarios.filter((s) => s.timeToInbox);
  if (probed.length) {
    lines.push(
      "",
      "time to inbox (a sign-in link asked for every 100 ms during the window, request to SMTP acceptance; target p99 ≤ 2,000 ms):",
      ...probed.map((s) => {
        const t = s.timeToInbox!;
        return `  ${s.label}: ${t.requested} links, p50 ${t.p50Ms ?? "—"} ms, p99 ${t.p99Ms ?? "—"} ms, max ${t.maxMs ?? "—"} ms${t.missing ? `, ${t.missing} not arrived` : ""}${t.refused ? `, ${t.refused} refused` : ""}`;
      }),
    );
  }
  if (report.soak) {
    const s = report.soak;
    lines.push(
      "",
      `soak ${s.seconds} s: RSS ${s.rssStartMb} → ${s.rssEndMb} MB (max ${s.rssMaxMb}, growth ${s.growthMb} MB) — ${s.grows ? "GROWS" : "flat"}; req/s per window: ${s.windows.map((w) => n0(w.rps)).join(", ")}`,
    );
  }
  if (report.misses.length) lines.push("", "below target:", ...report.misses.map((m) => `  - ${m}`));
  if (report.failures.length) lines.push("", "FAILED:", ...report.failures.map((f) => `  - ${f}`));
  return lines.join("\n");
}

/** 1M vs 10k: throughput ratio of the large run to the small one, each normalised by its baseline. */
export function formatComparison(small: RunReport, large: RunReport, target = 0.85): string {
  const rows: string[][] = [
    [
      "scenario",
      `ratio @ ${small.seed.accounts.toLocaleString("en")}`,
      `ratio @ ${large.seed.accounts.toLocaleString("en")}`,
      "large / small",
      "target",
      "",
    ],
  ];
  for (const s of small.scenarios) {
    const l = large.scenarios.find((x) => x.name === s.name);
    if (!s.ratio || !l?.ratio) continue;
    const flat = l.ratio / s.ratio;
    rows.push([
      s.label,
      s.ratio.toFixed(2),
      l.ratio.toFixed(2),
      flat.toFixed(2),
      `≥ ${target}`,
      flat >= target ? "ok" : "below",
    ]);
  }
  return table(rows);
}

function main(): void {
  const args = process.argv.slice(2);
  const load = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as RunReport;
  if (args[0] === "--compare" && args[1] && args[2]) {
    process.stdout.write(`${formatComparison(load(args[1]), load(args[2]))}\n`);
    return;
  }
  if (args[0]) {
    process.stdout.write(`${formatReport(load(args[0]))}\n`);
    return;
  }
  process.stderr.write("Usage: tsx bench/report.ts RESULT.json | --compare SMALL.json LARGE.json\n");
  process.exit(2);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
