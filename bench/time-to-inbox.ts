// Time to inbox (issue 12): while a scenario's load runs, the benchmark asks for a sign-in link for
// a fresh address every PROBE_INTERVAL_MS and times each one from the request to the moment the
// SMTP sink accepted its mail. This is what a person staring at "check your email" waits.

/** Arrival times at the sink of the probes' mails, by recipient. */
export type InboxArrivals = Map<string, number>;

export type TimeToInbox = {
  /** Links asked for. */
  requested: number;
  /** Links asked for whose request was refused (not timed). */
  refused: number;
  /** Links that did not arrive within the wait after the window. */
  missing: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
};

const PROBE_INTERVAL_MS = 100;
/** Probes' addresses, so the sink keeps arrival times for them only. */
export const PROBE_PREFIX = "inbox-probe-";

export function isProbeAddress(address: string): boolean {
  return address.startsWith(PROBE_PREFIX);
}

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function startInboxProbe(options: { target: string; origin: string; tag: string; arrivals: InboxArrivals }): {
  stop(waitSeconds: number): Promise<TimeToInbox>;
} {
  const requestedAt = new Map<string, number>();
  let refused = 0;
  let n = 0;
  const pending = new Set<Promise<void>>();
  const ask = () => {
    const email = `${PROBE_PREFIX}${options.tag}-${n++}@bench.example`;
    const started = Date.now();
    const request = fetch(`${options.target}/api/v1/auth/sign-in-link`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: options.origin },
      body: JSON.stringify({ email }),
    }).then(
      (res) => {
        if (res.status === 202) requestedAt.set(email, started);
        else refused++;
        void res.body?.cancel();
      },
      () => {
        refused++;
      },
    );
    pending.add(request);
    void request.finally(() => pending.delete(request));
  };
  const timer = setInterval(ask, PROBE_INTERVAL_MS);
  return {
    async stop(waitSeconds) {
      clearInterval(timer);
      await Promise.all(pending);
      const deadline = Date.now() + waitSeconds * 1000;
      while (Date.now() < deadline && [...requestedAt.keys()].some((email) => !options.arrivals.has(email))) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const times = [...requestedAt]
        .filter(([email]) => options.arrivals.has(email))
        .map(([email, at]) => options.arrivals.get(email)! - at)
        .sort((a, b) => a - b);
      return {
        requested: n,
        refused,
        missing: requestedAt.size - times.length,
        p50Ms: percentile(times, 50),
        p99Ms: percentile(times, 99),
        maxMs: times.at(-1) ?? null,
      };
    },
  };
}
