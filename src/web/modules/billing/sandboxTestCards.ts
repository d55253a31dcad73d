// The sandbox gateway's test numbers, shown on the payment methods page. PAYMENT_GATEWAY=sandbox
// is the only gateway today; a real one would not serve /sandbox-gateway and this note would go.
// The web app imports only src/shared, so the list is repeated here; a unit test checks it
// against the sandbox's own (src/server/modules/billing/gateway/sandbox-cards.ts).
export const SANDBOX_TEST_CARDS: readonly { number: string; what: string }[] = [
  { number: "4242424242424242", what: "Visa: every charge succeeds" },
  { number: "5555555555554444", what: "Mastercard: every charge succeeds" },
  { number: "4000000000000002", what: "Declined (generic)" },
  { number: "4000000000009995", what: "Declined: insufficient funds" },
  { number: "4000000000000069", what: "Declined: expired card" },
  { number: "4000000000009979", what: "Declined: stolen card (never retried)" },
  { number: "4000000000000341", what: "First charge succeeds, later ones are declined" },
];
