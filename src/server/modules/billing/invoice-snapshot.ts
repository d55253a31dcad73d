// B4: what a finalised invoice says, frozen when its number is assigned. The PDF is rendered from
// this and nothing else, so a later change of the account's address or tax ID never rewrites it.
import { z } from "zod";

const party = z.object({
  name: z.string(),
  addressLines: z.array(z.string()),
  taxId: z.string().nullable(),
  email: z.string().nullable(),
});

export const invoiceSnapshotSchema = z.object({
  version: z.literal(1),
  number: z.string(),
  issuedAt: z.string(),
  currency: z.string(),
  seller: party,
  buyer: party.extend({ accountNumber: z.string() }),
  billingContact: z.object({ name: z.string(), email: z.string().nullable(), addressLines: z.array(z.string()) }),
  subscriptionNumber: z.string().nullable(),
  lines: z.array(
    z.object({
      description: z.string(),
      quantity: z.number().int(),
      unitAmountMinor: z.number().int(),
      amountMinor: z.number().int(),
      prorationNote: z.string().nullable(),
    }),
  ),
  subtotalMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  payment: z.object({ brand: z.string(), last4: z.string(), chargeId: z.string() }),
});
export type InvoiceSnapshot = z.infer<typeof invoiceSnapshotSchema>;
