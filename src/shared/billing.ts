// API contracts for plans, prices and purchases (rules B3–B5, S1). Money in the API is always an
// integer number of minor units with its ISO 4217 currency (B4).
import { z } from "zod";
import { emailSchema } from "./email.js";
import { subscriptionUseSchema } from "./licensing.js";
import { requiredText, verbatimText } from "./text.js";

export const moneySchema = z.object({
  amountMinor: z.number().int(),
  currency: z.string().length(3),
});
export type MoneyDto = z.infer<typeof moneySchema>;

export const DEPLOYMENTS = ["saas", "self_managed"] as const;
export const deploymentSchema = z.enum(DEPLOYMENTS);
export type Deployment = z.infer<typeof deploymentSchema>;

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { error: "Use lower-case letters, digits, - and _ (at most 40)" });

/** Prices by ISO 4217 code, in minor units (e.g. { "USD": 29000, "EUR": 27000 }). */
const pricesSchema = z
  .record(z.string().regex(/^[A-Z]{3}$/, { error: "Use an ISO 4217 currency code" }), z.number().int().min(0))
  .refine((prices) => Object.keys(prices).length > 0, { error: "Give at least one price" });

/** A plan: priced per seat per year, for one or both deployments. */
export const planSchema = z.strictObject({
  id: catalogId,
  name: z.string().min(1).max(60),
  description: z.string().max(300).default(""),
  deployments: z.array(deploymentSchema).min(1),
  /** Per seat per year. */
  seatPrices: pricesSchema,
  minSeats: z.number().int().min(1).default(1),
  maxSeats: z.number().int().min(1).max(1_000_000).default(100_000),
  features: z.array(z.string().max(80)).max(20).default([]),
});
export type Plan = z.infer<typeof planSchema>;

/**
 * An add-on pack. `storage` packs last until the subscription's term ends and are prorated like
 * seats; `compute` packs are one-off minutes, charged in full.
 */
export const packSchema = z.strictObject({
  id: catalogId,
  kind: z.enum(["storage", "compute"]),
  name: z.string().min(1).max(60),
  description: z.string().max(300).default(""),
  prices: pricesSchema,
  maxQuantity: z.number().int().min(1).max(1000).default(100),
});
export type Pack = z.infer<typeof packSchema>;

/** Who sells: named on every invoice. */
export const sellerSchema = z.strictObject({
  name: z.string().min(1).max(100),
  addressLines: z.array(z.string().max(100)).max(6).default([]),
  taxId: z.string().max(30).nullable().default(null),
  email: z.string().max(254).nullable().default(null),
});

export const catalogSchema = z
  .strictObject({
    seller: sellerSchema.optional(),
    plans: z.array(planSchema).min(1),
    packs: z.array(packSchema).default([]),
  })
  .superRefine((catalog, ctx) => {
    const ids = [...catalog.plans.map((p) => p.id), ...catalog.packs.map((p) => p.id)];
    for (const [i, id] of ids.entries()) {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", message: `id "${id}" is used twice` });
    }
    for (const plan of catalog.plans) {
      if (plan.minSeats > plan.maxSeats) {
        ctx.addIssue({ code: "custom", message: `plan "${plan.id}": minSeats is above maxSeats` });
      }
    }
  });
export type Catalog = z.infer<typeof catalogSchema>;

/** GET /plans */
export const catalogResponseSchema = z.object({
  plans: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      deployments: z.array(deploymentSchema),
      seatPrices: z.array(moneySchema),
      minSeats: z.number().int(),
      maxSeats: z.number().int(),
      features: z.array(z.string()),
    }),
  ),
  packs: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["storage", "compute"]),
      name: z.string(),
      description: z.string(),
      prices: z.array(moneySchema),
      maxQuantity: z.number().int(),
    }),
  ),
});
export type CatalogResponse = z.infer<typeof catalogResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Cards (B1, B2): GET/POST /billing-accounts/:id/payment-methods, PATCH/DELETE …/:pmId
// ---------------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string().regex(UUID, { error: "Must be an id" });
const holderName = requiredText(100);
const expMonth = z.number().int().min(1, { error: "1 to 12" }).max(12, { error: "1 to 12" });
const expYear = z.number().int().min(2000).max(2200);

export const paymentMethodParamsSchema = z.strictObject({ id: uuid, pmId: uuid });

/** POST: the token the gateway's tokenisation endpoint gave the browser; never a card number (B1). */
export const addPaymentMethodSchema = z.strictObject({
  token: verbatimText(200).min(1),
  holderName,
});
export type AddPaymentMethod = z.input<typeof addPaymentMethodSchema>;

/** PATCH: a new expiry (a renewed card keeps its number) or holder, or make it the default (B2). */
export const updatePaymentMethodSchema = z
  .strictObject({
    holderName: holderName.optional(),
    expMonth: expMonth.optional(),
    expYear: expYear.optional(),
    isDefault: z.literal(true).optional(),
  })
  .refine((v) => (v.expMonth === undefined) === (v.expYear === undefined), {
    error: "Give the expiry month and year together",
    path: ["expMonth"],
  });
export type UpdatePaymentMethod = z.input<typeof updatePaymentMethodSchema>;

export const paymentMethodSchema = z.object({
  id: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  holderName: z.string(),
  isDefault: z.boolean(),
  expired: z.boolean(),
  createdAt: z.string(),
});
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;
export const paymentMethodListSchema = z.object({ paymentMethods: z.array(paymentMethodSchema) });

/** The sandbox gateway's tokenisation endpoint (its own path, as a real gateway's script would call). */
export const sandboxTokenRequestSchema = z.strictObject({
  number: verbatimText(30),
  expMonth,
  expYear,
  cvc: verbatimText(4),
});
export const sandboxTokenResponseSchema = z.object({
  token: z.string(),
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
});

// ---------------------------------------------------------------------------------------------
// Purchases (B3–B5): POST /purchases/preview, POST /purchases; add-ons on a subscription
// ---------------------------------------------------------------------------------------------

export const IDEMPOTENCY_KEY_MAX = 255;

export const purchaseRequestSchema = z.strictObject({
  billingAccountId: uuid,
  planId: verbatimText(40).min(1),
  deployment: deploymentSchema,
  seats: z.number().int({ error: "A whole number of seats" }).min(1, { error: "At least 1 seat" }).max(1_000_000, {
    error: "At most 1,000,000 seats",
  }),
  /** Omitted: the account's default card (B2). */
  paymentMethodId: uuid.optional(),
});
export type PurchaseRequest = z.input<typeof purchaseRequestSchema>;

export const addOnRequestSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("seats"),
    quantity: z.number().int().min(1, { error: "At least 1" }).max(1_000_000),
    paymentMethodId: uuid.optional(),
  }),
  z.strictObject({
    kind: z.literal("pack"),
    packId: verbatimText(40).min(1),
    quantity: z.number().int().min(1, { error: "At least 1" }).max(1000),
    paymentMethodId: uuid.optional(),
  }),
]);
export type AddOnRequest = z.input<typeof addOnRequestSchema>;

export const quoteLineSchema = z.object({
  description: z.string(),
  quantity: z.number().int(),
  unitAmount: moneySchema,
  amount: moneySchema,
  proration: z
    .object({ days: z.number().int(), termDays: z.number().int(), from: z.string(), to: z.string() })
    .optional(),
});
export const quoteSchema = z.object({
  currency: z.string(),
  lines: z.array(quoteLineSchema),
  subtotal: moneySchema,
  tax: moneySchema,
  total: moneySchema,
});
export type QuoteDto = z.infer<typeof quoteSchema>;

export const subscriptionSummarySchema = z.object({
  id: z.string(),
  subscriptionNumber: z.string(),
  billingAccountId: z.string(),
  planId: z.string(),
  planName: z.string(),
  deployment: deploymentSchema,
  seats: z.number().int(),
  storagePacks: z.number().int(),
  termStart: z.string(),
  termEnd: z.string(),
  status: z.enum(["active", "past_due", "expired", "cancelled"]),
  autoRenew: z.boolean(),
  invoiceOwner: z.enum(["account", "reseller"]),
  resellerName: z.string().nullable(),
  /** B7: why the last renewal failed, while it is being retried. */
  renewalProblem: z.string().nullable(),
  ...subscriptionUseSchema.shape,
});
export type SubscriptionSummary = z.infer<typeof subscriptionSummarySchema>;
export const subscriptionListSchema = z.object({ subscriptions: z.array(subscriptionSummarySchema) });
export const subscriptionParamsSchema = z.strictObject({ id: uuid });
export const updateSubscriptionSchema = z.strictObject({ autoRenew: z.boolean() });

export const invoiceSummarySchema = z.object({
  id: z.string(),
  invoiceNumber: z.string(),
  kind: z.enum(["purchase", "add_on", "renewal"]),
  status: z.literal("paid"),
  issuedAt: z.string(),
  total: moneySchema,
  subscriptionNumber: z.string().nullable(),
  pdfUrl: z.string(),
});
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;
export const invoiceListSchema = z.object({ invoices: z.array(invoiceSummarySchema) });
export const invoiceParamsSchema = z.strictObject({ id: uuid });

/** 201 of POST /purchases and POST /subscriptions/:id/add-ons. */
export const purchaseResultSchema = z.object({
  subscription: subscriptionSummarySchema,
  invoice: invoiceSummarySchema,
});
export type PurchaseResult = z.infer<typeof purchaseResultSchema>;

// ---------------------------------------------------------------------------------------------
// Invoice recipients (B8): GET/PUT /billing-accounts/:id/invoice-recipients
// ---------------------------------------------------------------------------------------------

export const MAX_INVOICE_RECIPIENTS = 10;
export const invoiceRecipientsSchema = z.object({
  recipients: z.array(z.object({ email: z.string(), kind: z.enum(["to", "cc"]) })),
});
export const updateInvoiceRecipientsSchema = z.strictObject({
  recipients: z
    .array(z.strictObject({ email: emailSchema, kind: z.enum(["to", "cc"]) }))
    .max(MAX_INVOICE_RECIPIENTS, { error: `At most ${MAX_INVOICE_RECIPIENTS} recipients` }),
});
export type UpdateInvoiceRecipients = z.input<typeof updateInvoiceRecipientsSchema>;
