// The load generator, run as its own process so it never shares an event loop with the server it
// measures: autocannon, spread over every target URL (connections round-robin), with a warm-up
// then a fixed window. Requests come from a fixture file; single-use fixtures (accept, revoke,
// remove) are each sent at most once, and the window ends early if they run out.
// Usage: tsx bench/load.ts JOB.json  → one JSON line (LoadResult) on stdout.
import fs from "node:fs";
import autocannon from "autocannon";

export type FixtureRequest = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

export type LoadJob = {
  targets: string[];
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** Each fixture at most once (writes with single-use rows), or cycle through them (reads). */
  singleUse: boolean;
  requests: FixtureRequest[];
};

export type LoadResult = {
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; avg: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** The first few non-2xx answers, for the report. */
  errorSamples: { status: number; path: string; body: string }[];
  exhausted: boolean;
  warmupRequests: number;
};

async function runPhase(
  job: LoadJob,
  seconds: number,
  next: () => FixtureRequest | null,
  maxRequests: number | null,
  errorSamples: LoadResult["errorSamples"],
): Promise<autocannon.Result> {
  const onResponse = (status: number, body: string, context: Record<string, unknown>) => {
    if ((status < 200 || status >= 300) && errorSamples.length < 5) {
      errorSamples.push({ status, path: String(context.path ?? ""), body: body.slice(0, 300) });
    }
  };
  const request: autocannon.Request = {
    setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
      const fixture = next();
      if (!fixture) return req; // past the cap: never sent (maxOverallRequests stops the client)
      context.path = fixture.path;
      return {
        ...req,
        method: fixture.method,
        path: fixture.path,
        headers: { ...fixture.headers, ...(fixture.body ? { "content-type": "application/json" } : {}) },
        body: fixture.body ?? "",
      } as autocannon.Request;
    },
    onResponse,
  } as autocannon.Request;
  const options: autocannon.Options = {
    url: job.targets,
    connections: job.connections,
    duration: seconds,
    requests: [request],
    timeout: 10,
    ...(maxRequests !== null ? { maxOverallRequests: Math.max(job.connections, maxRequests) } : {}),
  } as unknown as autocannon.Options;
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function runLoad(job: LoadJob, onWindowStart: () => void = () => {}): Promise<LoadResult> {
  let cursor = 0;
  const total = job.requests.length;
  const next = (): FixtureRequest | null => {
    if (job.singleUse) {
      if (cursor >= total) return null;
      return job.requests[cursor++]!;
    }
    const fixture = job.requests[cursor % total]!;
    cursor++;
    return fixture;
  };
  // Keep a margin: a client may build one request ahead of the cap.
  const cap = () => (job.singleUse ? Math.max(0, total - cursor - job.connections * 2) : null);
  const samples: LoadResult["errorSamples"] = [];
  let warmupRequests = 0;
  if (job.warmupSeconds > 0) {
    const warm = await runPhase(job, job.warmupSeconds, next, cap(), samples);
    warmupRequests = warm.requests.total;
  }
  onWindowStart();
  const started = Date.now();
  const remaining = cap();
  const result = await runPhase(job, job.durationSeconds, next, remaining, samples);
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  const requests = result.requests.total;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    requests,
    seconds: Math.round(seconds * 100) / 100,
    rps: Math.round((requests / seconds) * 10) / 10,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      avg: Math.round(result.latency.average * 100) / 100,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    errorSamples: samples,
    // Single-use fixtures ran out before the window's end (the rate is still per measured second).
    exhausted: job.singleUse && remaining !== null && seconds < job.durationSeconds * 0.95,
    warmupRequests,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("Usage: tsx bench/load.ts JOB.json\n");
    process.exit(2);
  }
  const job = JSON.parse(fs.readFileSync(file, "utf8")) as LoadJob;
  runLoad(job, () => process.stdout.write("window-start\n")).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
