// API contracts for plans, prices and purchases (rules B3–B5, S1). Money in the API is always an
// integer number of minor units with its ISO 4217 currency (B4).
import { z } from "zod";

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

export const catalogSchema = z
  .strictObject({
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
