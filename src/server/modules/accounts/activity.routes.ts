// AU2: a billing account's activity, newest first, for its managers (and staff).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { accountEventPageSchema, accountParamsSchema, eventsQuerySchema } from "../../../shared/accounts.js";
import type { AppContext } from "../../app/context.js";
import { requireUser } from "../../app/request-meta.js";
import { listAccountEvents } from "./activity.service.js";

export function activityRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/api/v1/billing-accounts/:id/events",
    {
      schema: {
        tags: ["activity"],
        summary: "The account's activity, newest first; pass nextCursor as cursor for the next page (AU2)",
        params: accountParamsSchema,
        querystring: eventsQuerySchema,
        response: { 200: accountEventPageSchema },
      },
    },
    async (request) =>
      listAccountEvents(ctx, requireUser(request), request.params.id, {
        cursor: request.query.cursor ?? null,
        limit: request.query.limit,
      }),
  );
}
