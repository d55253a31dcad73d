import { describe, expect, it } from "vitest";
import { SANDBOX_TEST_CARDS as GATEWAY_CARDS } from "../../../server/platform/payments/sandbox-cards.js";
import { SANDBOX_TEST_CARDS } from "./sandboxTestCards.js";

describe("the payment methods page's sandbox note", () => {
  it("lists exactly the numbers the sandbox gateway knows", () => {
    expect(SANDBOX_TEST_CARDS.map((card) => card.number).sort()).toEqual(Object.keys(GATEWAY_CARDS).sort());
  });
});
