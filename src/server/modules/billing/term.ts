// Subscription terms are whole UTC days: a term runs from its start date up to (not including)
// its end date, and proration counts the days left, to the day (B4).
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date, "YYYY-MM-DD". */
export type IsoDate = string;

function epochDay(date: IsoDate): number {
  if (!ISO_DATE.test(date)) throw new Error(`not a date: ${date}`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${date}`);
  return ms / DAY_MS;
}

export function toIsoDate(at: Date): IsoDate {
  return at.toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(new Date((epochDay(date) + days) * DAY_MS));
}

/** One year after `start`; 29 February ends on 28 February (a term never runs past a year). */
export function oneYearAfter(start: IsoDate): IsoDate {
  const [y, m, d] = start.split("-").map(Number) as [number, number, number];
  const candidate = new Date(Date.UTC(y + 1, m - 1, d));
  if (candidate.getUTCMonth() !== m - 1) return toIsoDate(new Date(Date.UTC(y + 1, m - 1, 28)));
  return toIsoDate(candidate);
}
