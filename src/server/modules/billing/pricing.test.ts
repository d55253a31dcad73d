// B4: prices are integer minor units; a proration never exceeds the full price and is never
// negative; the same inputs always give the same amount (the preview is the charge).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.js";
import { DEFAULT_CATALOG } from "./catalog.defaults.js";
import { quoteNewSubscription, quotePackAddOn, quoteSeatAddOn } from "./pricing.js";
import { addDays, daysBetween, oneYearAfter } from "./term.js";

const premium = DEFAULT_CATALOG.plans[0]!;
const storage = DEFAULT_CATALOG.packs.find((p) => p.kind === "storage")!;
const compute = DEFAULT_CATALOG.packs.find((p) => p.kind === "compute")!;
const term = { start: "2026-03-01", end: "2027-03-01" };

function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("a new subscription", () => {
  it("costs seats × the yearly seat price in the account's currency, for one year", () => {
    const q = quoteNewSubscription({
      plan: premium,
      deployment: "saas",
      seats: 5,
      currency: "EUR",
      start: "2026-12-01",
    });
    expect(q.total).toEqual({ amountMinor: 5 * 32_400, currency: "EUR" });
    expect(q.term).toEqual({ start: "2026-12-01", end: "2027-12-01" });
    expect(q.lines).toHaveLength(1);
  });

  it("refuses zero, negative, fractional and huge seat counts, other currencies and deployments", () => {
    for (const seats of [0, -1, 1.5, 1e9]) {
      expect(
        refusal(() =>
          quoteNewSubscription({ plan: premium, deployment: "saas", seats, currency: "USD", start: "2026-12-01" }),
        ),
      ).toBe("invalid_quantity");
    }
    expect(
      refusal(() =>
        quoteNewSubscription({ plan: premium, deployment: "saas", seats: 1, currency: "JPY", start: "2026-12-01" }),
      ),
    ).toBe("currency_not_offered");
    const saasOnly = { ...premium, deployments: ["saas" as const] };
    expect(
      refusal(() =>
        quoteNewSubscription({
          plan: saasOnly,
          deployment: "self_managed",
          seats: 1,
          currency: "USD",
          start: "2026-12-01",
        }),
      ),
    ).toBe("deployment_not_offered");
  });
});

describe("seat add-ons are prorated to the day", () => {
  it("half a term left costs half the yearly price (to the minor unit)", () => {
    // 365 days in the term; 2026-08-30 leaves 183 of them.
    const q = quoteSeatAddOn({ plan: premium, seats: 2, currentSeats: 5, currency: "USD", term, today: "2026-08-30" });
    const days = daysBetween("2026-08-30", term.end);
    expect(days).toBe(183);
    expect(q.lines[0]!.proration).toEqual({ days: 183, termDays: 365, from: "2026-08-30", to: term.end });
    expect(q.total.amountMinor).toBe(Math.floor((2 * 34_800 * 183) / 365));
  });

  it("on the first day costs the full price; after the term it is refused", () => {
    expect(
      quoteSeatAddOn({ plan: premium, seats: 1, currentSeats: 1, currency: "USD", term, today: term.start }).total
        .amountMinor,
    ).toBe(34_800);
    expect(
      refusal(() =>
        quoteSeatAddOn({ plan: premium, seats: 1, currentSeats: 1, currency: "USD", term, today: term.end }),
      ),
    ).toBe("term_ended");
  });

  it("never exceeds the full price, is never negative, and is the same every time it is computed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom("USD", "EUR", "GBP"),
        (offset, seats, currency) => {
          const today = addDays(term.start, offset);
          const input = { plan: premium, seats, currentSeats: 1, currency, term, today };
          const preview = quoteSeatAddOn(input);
          const charge = quoteSeatAddOn(input);
          const full = seats * premium.seatPrices[currency]!;
          expect(charge).toEqual(preview);
          expect(preview.total.amountMinor).toBeGreaterThanOrEqual(0);
          expect(preview.total.amountMinor).toBeLessThanOrEqual(full);
          expect(Number.isSafeInteger(preview.total.amountMinor)).toBe(true);
          // A day later never costs more.
          if (offset < 364) {
            const later = quoteSeatAddOn({ ...input, today: addDays(today, 1) });
            expect(later.total.amountMinor).toBeLessThanOrEqual(preview.total.amountMinor);
          }
        },
      ),
    );
  });
});

describe("packs", () => {
  it("storage is prorated like seats; compute minutes are charged in full", () => {
    const today = "2026-08-30";
    expect(quotePackAddOn({ pack: storage, quantity: 1, currency: "USD", term, today }).total.amountMinor).toBe(
      Math.floor((6_000 * 183) / 365),
    );
    expect(quotePackAddOn({ pack: compute, quantity: 3, currency: "USD", term, today }).total.amountMinor).toBe(3_000);
  });
});

describe("terms", () => {
  it("last one year; 29 February ends on 28 February", () => {
    expect(oneYearAfter("2026-12-01")).toBe("2027-12-01");
    expect(oneYearAfter("2028-02-29")).toBe("2029-02-28");
  });
});
