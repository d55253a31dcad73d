// Routes: parse → call service → respond. No SQL here.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { accountParamsSchema, contactsSchema, updateContactsSchema } from "../../../shared/accounts.js";
import type { AppContext } from "../../app/context.js";
import { requestMeta, requireUser } from "../../app/request-meta.js";
import { getContacts, updateContacts } from "./contacts.service.js";

export function contactRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["contacts"];

  app.get(
    "/api/v1/billing-accounts/:id/contacts",
    {
      schema: {
        tags,
        summary: "Subscription and billing contacts, with warnings about the contacts (A9)",
        params: accountParamsSchema,
        response: { 200: contactsSchema },
      },
    },
    async (request) => getContacts(ctx, requireUser(request), request.params.id),
  );

  app.put(
    "/api/v1/billing-accounts/:id/contacts",
    {
      schema: {
        tags,
        summary: "Replace both contacts; manager contacts must be managers of this account (A8)",
        params: accountParamsSchema,
        body: updateContactsSchema,
        response: { 200: contactsSchema },
      },
    },
    async (request) => updateContacts(ctx, requireUser(request), request.params.id, request.body, requestMeta(request)),
  );
}
