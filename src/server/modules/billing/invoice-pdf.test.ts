// B4, B6: the invoice PDF shows seller, buyer, billing contact, lines and totals; every script
// renders (the font is embedded); and the same snapshot always renders to the same bytes.
import { PDFParse } from "pdf-parse";
import { describe, expect, it } from "vitest";
import { renderInvoicePdf } from "./invoice-pdf.js";
import type { InvoiceSnapshot } from "./invoice-snapshot.js";

const snapshot: InvoiceSnapshot = {
  version: 1,
  number: "INV-000042",
  issuedAt: "2026-12-01T10:00:00.000Z",
  currency: "EUR",
  seller: {
    name: "Billfold Demo Vendor Ltd",
    addressLines: ["1 Example Street", "Dublin D02 X285", "Ireland"],
    taxId: "IE6388047V",
    email: "billing@vendor.example",
  },
  buyer: {
    name: "Zakład Łódź Sp. z o.o.",
    accountNumber: "BA-000007",
    addressLines: ["ul. Piotrkowska 1", "90-001 Łódź", "Poland"],
    taxId: "PL5260250274",
    email: null,
  },
  billingContact: { name: "Ελένη Παπαδοπούλου", email: "eleni@example.test", addressLines: ["Αθήνα", "Ελλάδα"] },
  subscriptionNumber: "S-00000012",
  lines: [
    {
      description: "Premium (SaaS), seat for one year — Москва office",
      quantity: 3,
      unitAmountMinor: 32_400,
      amountMinor: 97_200,
      prorationNote: null,
    },
    {
      description: "Premium: 2 more seats until 2027-12-01",
      quantity: 2,
      unitAmountMinor: 32_400,
      amountMinor: 32_222,
      prorationNote: "363 of 365 days",
    },
  ],
  subtotalMinor: 129_422,
  taxMinor: 0,
  totalMinor: 129_422,
  payment: { brand: "visa", last4: "4242", chargeId: "ch_test" },
};

async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describe("invoice PDF", () => {
  it("shows the parties, lines and totals, in any script and with the euro sign", async () => {
    const text = await textOf(await renderInvoicePdf(snapshot));
    for (const expected of [
      "INV-000042",
      "1 December 2026",
      "Billfold Demo Vendor Ltd",
      "Zakład Łódź Sp. z o.o.",
      "PL5260250274",
      "Ελένη Παπαδοπούλου",
      "Москва",
      "€1,294.22",
      "€972.00",
      "363 of 365 days",
      "ending in 4242",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("renders the same snapshot to the same bytes", async () => {
    const [a, b] = await Promise.all([renderInvoicePdf(snapshot), renderInvoicePdf(snapshot)]);
    expect(a.equals(b)).toBe(true);
  });
});
