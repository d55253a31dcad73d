// Routes: parse → call service → respond. No SQL here.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { accountParamsSchema, managerListSchema, managerParamsSchema } from "../../../shared/accounts.js";
import type { AppContext } from "../../app/context.js";
import { requestOrigin, requestSession } from "../../app/request-meta.js";
import { listAccountManagers, removeManager } from "./managers.service.js";

export function managerRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["managers"];

  app.get(
    "/api/v1/billing-accounts/:id/managers",
    {
      schema: {
        tags,
        summary: "The account's managers",
        params: accountParamsSchema,
        response: { 200: managerListSchema },
      },
      config: { sessionCheckedByRead: true },
    },
    async (request) => ({ managers: await listAccountManagers(ctx, requestSession(request), request.params.id) }),
  );

  app.delete(
    "/api/v1/billing-accounts/:id/managers/:userId",
    {
      schema: {
        tags,
        summary: "Remove a manager, or leave (your own id); not the last one or a contact (A3, A7)",
        params: managerParamsSchema,
      },
      config: { sessionCheckedByRead: true },
    },
    async (request, reply) => {
      await removeManager(
        ctx,
        requestSession(request),
        request.params.id,
        request.params.userId,
        requestOrigin(request),
      );
      return reply.status(204).send();
    },
  );
}
