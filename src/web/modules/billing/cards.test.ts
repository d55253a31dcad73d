import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client.js";
import { formatExpiryInput, groupCardNumber, parseExpiry } from "./cards.js";
import { isDefiniteAnswer } from "./useIdempotencyKey.js";

describe("the card form", () => {
  it("groups the number in fours as it is typed, dropping anything else", () => {
    expect(groupCardNumber("4242424242424242")).toBe("4242 4242 4242 4242");
    expect(groupCardNumber("4242-4242 42")).toBe("4242 4242 42");
    expect(groupCardNumber("12345678901234567890123")).toBe("1234 5678 9012 3456 789");
  });

  it("reads the expiry as MM / YY or MM/YYYY", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(formatExpiryInput("1229")).toBe("12 / 29");
    expect(parseExpiry("12 / 29", now)).toEqual({ month: 12, year: 2029 });
    expect(parseExpiry("3/2031", now)).toEqual({ month: 3, year: 2031 });
    expect(parseExpiry("13 / 29", now)).toBeNull();
    expect(parseExpiry("12", now)).toBeNull();
  });
});

describe("B5: when a payment retry gets a new Idempotency-Key", () => {
  const answer = (status: number, code: string) => new ApiError(status, code, "", undefined, null);

  it("keeps the key while the outcome is unknown, so a retry never charges twice", () => {
    expect(isDefiniteAnswer(new TypeError("Failed to fetch"))).toBe(false);
    expect(isDefiniteAnswer(answer(503, "unavailable"))).toBe(false);
    expect(isDefiniteAnswer(answer(409, "idempotency_request_in_progress"))).toBe(false);
  });

  it("takes a new key after a definite answer (a decline), so trying again is a new attempt", () => {
    expect(isDefiniteAnswer(answer(402, "card_declined"))).toBe(true);
    expect(isDefiniteAnswer(answer(409, "idempotency_key_reused"))).toBe(true);
  });
});
