// Routes: parse → call service → respond. No SQL here.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  accountParamsSchema,
  billingAccountListSchema,
  billingAccountSchema,
  createBillingAccountSchema,
  updateBillingAccountSchema,
} from "../../../shared/accounts.js";
import type { AppContext } from "../../app/context.js";
import { requestMeta, requestSession, requireUser } from "../../app/request-meta.js";
import {
  createBillingAccount,
  getAccount,
  getAccountForSession,
  listMyAccounts,
  updateCompanyDetails,
} from "./accounts.service.js";

export function accountRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["accounts"];

  app.get(
    "/api/v1/billing-accounts",
    {
      schema: {
        tags,
        summary: "The billing accounts the signed-in user manages",
        response: { 200: billingAccountListSchema },
      },
    },
    async (request) => ({ billingAccounts: await listMyAccounts(ctx, requireUser(request)) }),
  );

  app.post(
    "/api/v1/billing-accounts",
    {
      schema: {
        tags,
        summary: "Create a direct billing account; the creator becomes manager and subscription contact (A1, A8)",
        body: createBillingAccountSchema,
        response: { 201: billingAccountSchema },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const created = await createBillingAccount(ctx, user.id, request.body, requestMeta(request));
      return reply.status(201).send(await getAccount(ctx, user, created.id));
    },
  );

  app.get(
    "/api/v1/billing-accounts/:id",
    {
      schema: {
        tags,
        summary: "One billing account, with warnings about the contacts (A9); 404 unless you manage it (A2)",
        params: accountParamsSchema,
        response: { 200: billingAccountSchema },
      },
      config: { sessionCheckedByRead: true },
    },
    async (request) => getAccountForSession(ctx, requestSession(request), request.params.id),
  );

  app.patch(
    "/api/v1/billing-accounts/:id",
    {
      schema: {
        tags,
        summary: "Edit company details (direct accounts only, A10)",
        params: accountParamsSchema,
        body: updateBillingAccountSchema,
        response: { 200: billingAccountSchema },
      },
    },
    async (request) =>
      updateCompanyDetails(ctx, requireUser(request), request.params.id, request.body, requestMeta(request)),
  );
}
