// The catalog used when PLANS_FILE is not set: two tiers per seat per year, storage and compute
// packs, priced in USD, EUR and GBP (minor units).
import type { Catalog } from "../../../shared/billing.js";

export const DEFAULT_CATALOG: Catalog = {
  seller: {
    name: "Billfold Demo Vendor Ltd",
    addressLines: ["1 Example Street", "Dublin D02 X285", "Ireland"],
    taxId: "IE6388047V",
    email: "billing@vendor.example",
  },
  plans: [
    {
      id: "premium",
      name: "Premium",
      description: "For teams that ship together: code review, CI/CD and support.",
      deployments: ["saas", "self_managed"],
      seatPrices: { USD: 34_800, EUR: 32_400, GBP: 27_600 },
      minSeats: 1,
      maxSeats: 100_000,
      features: ["Merge request approvals", "10,000 compute minutes a month", "Priority support"],
    },
    {
      id: "ultimate",
      name: "Ultimate",
      description: "For organisations: security, compliance and portfolio management.",
      deployments: ["saas", "self_managed"],
      seatPrices: { USD: 118_800, EUR: 110_400, GBP: 94_800 },
      minSeats: 1,
      maxSeats: 100_000,
      features: [
        "Everything in Premium",
        "Security dashboards",
        "Compliance pipelines",
        "50,000 compute minutes a month",
      ],
    },
  ],
  packs: [
    {
      id: "storage-10gb",
      kind: "storage",
      name: "10 GB storage",
      description: "Extra storage for the rest of the subscription's term.",
      prices: { USD: 6_000, EUR: 5_600, GBP: 4_800 },
      maxQuantity: 100,
    },
    {
      id: "compute-1000",
      kind: "compute",
      name: "1,000 compute minutes",
      description: "One-off CI/CD minutes; they do not expire with the month.",
      prices: { USD: 1_000, EUR: 950, GBP: 800 },
      maxQuantity: 100,
    },
  ],
};
