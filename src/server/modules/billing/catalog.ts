// The plan catalog: built-in defaults, or PLANS_FILE (JSON or YAML), validated once at start-up
// with one line per problem, like the rest of the configuration.

import fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { type Catalog, type CatalogResponse, catalogSchema, type Pack, type Plan } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { ConfigError } from "../../platform/config.js";
import { AppError } from "../../platform/errors.js";
import { DEFAULT_CATALOG } from "./catalog.defaults.js";
import { isKnownCurrency, type Money } from "./money.js";

/** A bad PLANS_FILE stops start-up like any other bad configuration value. */
export class CatalogError extends ConfigError {}

/** Parses and checks a catalog; throws CatalogError naming the file and every problem. */
export function parseCatalog(text: string, source: string): Catalog {
  let raw: unknown;
  try {
    raw = source.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CatalogError(
      `PLANS_FILE ${source}: not valid ${source.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
  const result = catalogSchema.safeParse(raw);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`);
  if (result.success) {
    for (const item of [...result.data.plans.map((p) => p.seatPrices), ...result.data.packs.map((p) => p.prices)]) {
      for (const code of Object.keys(item)) if (!isKnownCurrency(code)) problems.push(`unknown currency ${code}`);
    }
  }
  if (problems.length > 0 || !result.success) {
    throw new CatalogError(`PLANS_FILE ${source} is not a valid catalog:\n${problems.join("\n")}`);
  }
  return result.data;
}

export function loadCatalog(file: string | null): Catalog {
  if (!file) return DEFAULT_CATALOG;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CatalogError(`PLANS_FILE ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return parseCatalog(text, file);
}

const prices = (byCurrency: Record<string, number>): Money[] =>
  Object.entries(byCurrency).map(([currency, amountMinor]) => ({ amountMinor, currency }));

/** GET /plans: the catalog with prices as money values. */
export function toCatalogResponse(catalog: Catalog): CatalogResponse {
  return {
    plans: catalog.plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      description: plan.description,
      deployments: plan.deployments,
      seatPrices: prices(plan.seatPrices),
      minSeats: plan.minSeats,
      maxSeats: plan.maxSeats,
      features: plan.features,
    })),
    packs: catalog.packs.map((pack) => ({
      id: pack.id,
      kind: pack.kind,
      name: pack.name,
      description: pack.description,
      prices: prices(pack.prices),
      maxQuantity: pack.maxQuantity,
    })),
  };
}

export function getPlanOrThrow(catalog: Catalog, id: string): Plan {
  const plan = catalog.plans.find((p) => p.id === id);
  if (!plan)
    throw new AppError("invalid", ERROR_CODES.unknownPlan, "There is no such plan.", [
      { path: "planId", message: "Unknown plan" },
    ]);
  return plan;
}

export function getPackOrThrow(catalog: Catalog, id: string): Pack {
  const pack = catalog.packs.find((p) => p.id === id);
  if (!pack)
    throw new AppError("invalid", ERROR_CODES.unknownPack, "There is no such add-on pack.", [
      { path: "packId", message: "Unknown pack" },
    ]);
  return pack;
}

/** The price in the account's currency; an account can only buy in the currency it was opened with. */
export function priceInOrThrow(byCurrency: Record<string, number>, currency: string): Money {
  const amountMinor = byCurrency[currency];
  if (amountMinor === undefined) {
    throw new AppError(
      "conflict",
      ERROR_CODES.currencyNotOffered,
      `This is not sold in ${currency}, the billing account's currency. Contact sales.`,
    );
  }
  return { amountMinor, currency };
}
