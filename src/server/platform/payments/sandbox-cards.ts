// The sandbox gateway's test card numbers (README, "Payments"). Any expiry in the future and any
// three-digit CVC work. Other numbers that pass the Luhn check behave like 4242 4242 4242 4242.
export type SandboxBehaviour =
  | "succeed"
  | "decline"
  | "insufficient_funds"
  | "expired"
  | "stolen"
  /** Works for the first charge, then every later charge is declined (to try dunning). */
  | "decline_after_first";

export const SANDBOX_TEST_CARDS: Record<string, { behaviour: SandboxBehaviour; what: string }> = {
  "4242424242424242": { behaviour: "succeed", what: "Visa: every charge succeeds" },
  "5555555555554444": { behaviour: "succeed", what: "Mastercard: every charge succeeds" },
  "4000000000000002": { behaviour: "decline", what: "declined (generic)" },
  "4000000000009995": { behaviour: "insufficient_funds", what: "declined: insufficient funds" },
  "4000000000000069": { behaviour: "expired", what: "declined: expired card" },
  "4000000000009979": { behaviour: "stolen", what: "declined: stolen card (a hard decline, never retried)" },
  "4000000000000341": { behaviour: "decline_after_first", what: "the first charge succeeds, later ones are declined" },
};

/** The Luhn check every card number passes. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}

export function brandOf(digits: string): string {
  if (digits.startsWith("4")) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(digits)) return "mastercard";
  if (/^3[47]/.test(digits)) return "amex";
  return "card";
}
