// Routes: parse → call service → respond. No SQL here. Money-moving POSTs take an
// Idempotency-Key (B5); their body is validated before the key is looked at, so a refused
// request stores nothing.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { accountParamsSchema } from "../../../shared/accounts.js";
import {
  addOnRequestSchema,
  addPaymentMethodSchema,
  catalogResponseSchema,
  invoiceListSchema,
  invoiceParamsSchema,
  invoiceRecipientsSchema,
  invoiceSummarySchema,
  paymentMethodListSchema,
  paymentMethodParamsSchema,
  paymentMethodSchema,
  purchaseRequestSchema,
  purchaseResultSchema,
  quoteSchema,
  sandboxTokenRequestSchema,
  sandboxTokenResponseSchema,
  subscriptionListSchema,
  subscriptionParamsSchema,
  subscriptionSummarySchema,
  updateInvoiceRecipientsSchema,
  updatePaymentMethodSchema,
  updateSubscriptionSchema,
} from "../../../shared/billing.js";
import type { AppContext } from "../../app/context.js";
import { idempotent } from "../../app/idempotent.js";
import { requestMeta, requireUser } from "../../app/request-meta.js";
import { AppError } from "../../platform/errors.js";
import { CardRefused } from "../../platform/payments/sandbox.js";
import { buyAddOn, previewAddOn } from "./add-ons.service.js";
import type { BillingDeps } from "./billing.deps.js";
import { toCatalogResponse } from "./catalog.js";
import { getInvoiceRecipients, replaceInvoiceRecipients } from "./invoice-recipients.js";
import { getInvoice, invoicePdf, listAccountInvoices } from "./invoices.service.js";
import {
  addPaymentMethod,
  changePaymentMethod,
  listAccountPaymentMethods,
  removePaymentMethod,
} from "./payment-methods.service.js";
import { previewPurchase, purchaseSubscription } from "./purchases.service.js";
import { toSubscriptionSummary } from "./subscriptions.mapping.js";
import { getSubscriptionFor, listAccountSubscriptions, setAutoRenew } from "./subscriptions.service.js";

const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .describe("Retries with the same key and body return the first answer and never charge twice (B5)."),
});

export function billingRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps: BillingDeps = { ...ctx, ...ctx.billing };

  // --- Plans -------------------------------------------------------------------------------
  app.get(
    "/api/v1/plans",
    {
      schema: {
        tags: ["purchases"],
        summary: "The plans and add-on packs on sale, with prices",
        response: { 200: catalogResponseSchema },
      },
    },
    async () => toCatalogResponse(deps.catalog),
  );

  // --- Cards -------------------------------------------------------------------------------
  const cardTags = ["payment methods"];
  app.get(
    "/api/v1/billing-accounts/:id/payment-methods",
    {
      schema: {
        tags: cardTags,
        summary: "Cards on file",
        params: accountParamsSchema,
        response: { 200: paymentMethodListSchema },
      },
    },
    async (request) => ({
      paymentMethods: await listAccountPaymentMethods(deps, requireUser(request), request.params.id),
    }),
  );
  app.post(
    "/api/v1/billing-accounts/:id/payment-methods",
    {
      schema: {
        tags: cardTags,
        summary: "Add a card by the token the gateway gave the browser; the first card becomes the default",
        params: accountParamsSchema,
        headers: idempotencyHeader,
        body: addPaymentMethodSchema,
        response: { 201: paymentMethodSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await idempotent(
        ctx.db,
        request,
        reply,
        { userId: user.id, operation: "add-card", body: { account: request.params.id, ...request.body } },
        async (scope) => ({
          status: 201,
          body: await addPaymentMethod(deps, user, request.params.id, request.body, requestMeta(request), scope),
        }),
      );
    },
  );
  app.patch(
    "/api/v1/billing-accounts/:id/payment-methods/:pmId",
    {
      schema: {
        tags: cardTags,
        summary: "Change a card's expiry or holder, or make it the default",
        params: paymentMethodParamsSchema,
        body: updatePaymentMethodSchema,
        response: { 200: paymentMethodSchema },
      },
    },
    async (request) =>
      changePaymentMethod(
        deps,
        requireUser(request),
        request.params.id,
        request.params.pmId,
        request.body,
        requestMeta(request),
      ),
  );
  app.delete(
    "/api/v1/billing-accounts/:id/payment-methods/:pmId",
    {
      schema: {
        tags: cardTags,
        summary: "Remove a card (not the default while other cards exist)",
        params: paymentMethodParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removePaymentMethod(
        deps,
        requireUser(request),
        request.params.id,
        request.params.pmId,
        requestMeta(request),
      );
      return reply.status(204).send(null);
    },
  );

  // --- Purchases ---------------------------------------------------------------------------
  const purchaseTags = ["purchases"];
  app.post(
    "/api/v1/purchases/preview",
    {
      schema: {
        tags: purchaseTags,
        summary: "What a purchase would charge now: the same computation as the purchase",
        body: purchaseRequestSchema,
        response: { 200: quoteSchema },
      },
    },
    async (request) => previewPurchase(deps, requireUser(request), request.body),
  );
  app.post(
    "/api/v1/purchases",
    {
      schema: {
        tags: purchaseTags,
        summary: "Buy a subscription with the default or a chosen card",
        headers: idempotencyHeader,
        body: purchaseRequestSchema,
        response: { 201: purchaseResultSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await idempotent(
        ctx.db,
        request,
        reply,
        { userId: user.id, operation: "purchase", body: request.body },
        (scope) => purchaseSubscription(deps, user, request.body, scope, requestMeta(request)),
      );
    },
  );

  // --- Subscriptions -----------------------------------------------------------------------
  const subscriptionTags = ["subscriptions"];
  app.get(
    "/api/v1/billing-accounts/:id/subscriptions",
    {
      schema: {
        tags: subscriptionTags,
        summary: "The account's subscriptions",
        params: accountParamsSchema,
        response: { 200: subscriptionListSchema },
      },
    },
    async (request) => ({
      subscriptions: await listAccountSubscriptions(deps, requireUser(request), request.params.id),
    }),
  );
  app.get(
    "/api/v1/subscriptions/:id",
    {
      schema: {
        tags: subscriptionTags,
        summary: "One subscription",
        params: subscriptionParamsSchema,
        response: { 200: subscriptionSummarySchema },
      },
    },
    async (request) => {
      const { row, access } = await getSubscriptionFor(deps, requireUser(request), request.params.id, "read");
      return toSubscriptionSummary(row, access);
    },
  );
  app.patch(
    "/api/v1/subscriptions/:id",
    {
      schema: {
        tags: subscriptionTags,
        summary: "Turn auto-renew on or off",
        params: subscriptionParamsSchema,
        body: updateSubscriptionSchema,
        response: { 200: subscriptionSummarySchema },
      },
    },
    async (request) =>
      setAutoRenew(deps, requireUser(request), request.params.id, request.body.autoRenew, requestMeta(request)),
  );
  app.post(
    "/api/v1/subscriptions/:id/add-ons/preview",
    {
      schema: {
        tags: subscriptionTags,
        summary: "What an add-on would charge now (prorated to the day)",
        params: subscriptionParamsSchema,
        body: addOnRequestSchema,
        response: { 200: quoteSchema },
      },
    },
    async (request) => previewAddOn(deps, requireUser(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/subscriptions/:id/add-ons",
    {
      schema: {
        tags: subscriptionTags,
        summary: "Buy more seats, storage or compute minutes for a subscription",
        params: subscriptionParamsSchema,
        headers: idempotencyHeader,
        body: addOnRequestSchema,
        response: { 201: purchaseResultSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await idempotent(
        ctx.db,
        request,
        reply,
        { userId: user.id, operation: "add-on", body: { subscription: request.params.id, ...request.body } },
        (scope) => buyAddOn(deps, user, request.params.id, request.body, scope, requestMeta(request)),
      );
    },
  );

  // --- Invoices ----------------------------------------------------------------------------
  const invoiceTags = ["invoices"];
  app.get(
    "/api/v1/billing-accounts/:id/invoices",
    {
      schema: {
        tags: invoiceTags,
        summary: "The account's invoices, newest first",
        params: accountParamsSchema,
        response: { 200: invoiceListSchema },
      },
    },
    async (request) => ({ invoices: await listAccountInvoices(deps, requireUser(request), request.params.id) }),
  );
  app.get(
    "/api/v1/invoices/:id",
    {
      schema: {
        tags: invoiceTags,
        summary: "One invoice",
        params: invoiceParamsSchema,
        response: { 200: invoiceSummarySchema },
      },
    },
    async (request) => getInvoice(deps, requireUser(request), request.params.id),
  );
  app.get(
    "/api/v1/invoices/:id/pdf",
    { schema: { tags: invoiceTags, summary: "The invoice as PDF", params: invoiceParamsSchema } },
    async (request, reply) => {
      const { fileName, pdf } = await invoicePdf(deps, requireUser(request), request.params.id);
      return reply
        .type("application/pdf")
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .header("cache-control", "private, no-store")
        .send(pdf);
    },
  );

  // --- Invoice recipients (B8) ------------------------------------------------------------
  app.get(
    "/api/v1/billing-accounts/:id/invoice-recipients",
    {
      schema: {
        tags: invoiceTags,
        summary: "Who else receives invoices by email (without portal access)",
        params: accountParamsSchema,
        response: { 200: invoiceRecipientsSchema },
      },
    },
    async (request) => getInvoiceRecipients(deps, requireUser(request), request.params.id),
  );
  app.put(
    "/api/v1/billing-accounts/:id/invoice-recipients",
    {
      schema: {
        tags: invoiceTags,
        summary: "Set who else receives invoices by email: To or Cc addresses",
        params: accountParamsSchema,
        body: updateInvoiceRecipientsSchema,
        response: { 200: invoiceRecipientsSchema },
      },
    },
    async (request) =>
      replaceInvoiceRecipients(deps, requireUser(request), request.params.id, request.body, requestMeta(request)),
  );

  // --- The sandbox gateway's own tokenisation endpoint -------------------------------------
  // What a real processor's script would call from the browser: it takes the card number and
  // answers a token; Billfold's API only ever receives the token (B1). Not under /api.
  const sandbox = ctx.billing.sandbox;
  if (sandbox) {
    app.post(
      "/sandbox-gateway/v1/tokens",
      {
        schema: {
          tags: ["sandbox gateway"],
          summary: "Sandbox card processor: turn a test card number into a token",
          body: sandboxTokenRequestSchema,
          response: { 201: sandboxTokenResponseSchema },
        },
      },
      async (request, reply) => {
        try {
          return reply.status(201).send(await sandbox.tokenise(request.body));
        } catch (error) {
          if (error instanceof CardRefused) {
            const path = error.code === "invalid_number" ? "number" : error.code === "invalid_cvc" ? "cvc" : "expYear";
            throw new AppError("invalid", error.code, error.message, [{ path, message: error.message }]);
          }
          throw error;
        }
      },
    );
  }
}
