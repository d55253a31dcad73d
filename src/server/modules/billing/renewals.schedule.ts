// B7: the worker runs the renewal steps due today once an hour (and at start). A run is safe to
// repeat and to overlap with another instance's (renewals.service.ts), so every worker may do it;
// `billfold renewals run --date` does the same from cron or a test.
import type { Logger } from "../../platform/logger.js";
import type { BillingDeps } from "./billing.deps.js";
import { runRenewals } from "./renewals.service.js";
import { toIsoDate } from "./term.js";

const HOUR_MS = 60 * 60 * 1000;

export function scheduleRenewals(deps: BillingDeps, logger: Logger): { stop(): void } {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runRenewals(deps, toIsoDate(new Date()));
      if (report.reminded + report.renewed + report.failed + report.expired > 0) logger.info({ report }, "renewal run");
    } catch (error) {
      logger.error({ err: error }, "renewal run failed");
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 5_000);
  const timer = setInterval(run, HOUR_MS);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
