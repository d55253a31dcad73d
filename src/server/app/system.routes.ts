// Health, public configuration and the development mailbox.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import { devMailboxSchema, publicConfigSchema } from "../../shared/identity.js";
import { mailQueueStatus } from "../platform/mail/outbox-status.js";
import type { AppContext } from "./context.js";

export function systemRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const devMailbox = !ctx.config.isProduction && ctx.config.smtpUrl === null;

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  // The mail queue's size and its oldest waiting mail: a monitor sees mail that is not leaving
  // (issue 12). Ready means the database answers; a backlog is reported, not a reason to stop traffic.
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: "ready", mail: await mailQueueStatus(ctx.db) };
    } catch {
      return reply.status(503).send({ error: { code: "not_ready", message: "The database is not reachable." } });
    }
  });

  app.get(
    "/api/v1/config",
    {
      schema: {
        tags: ["system"],
        summary: "What the web app needs before sign-in",
        response: { 200: publicConfigSchema },
      },
    },
    async () => ({
      oidcEnabled: ctx.config.oidc !== null,
      oidcLabel: "GitLab.com",
      signUp: ctx.config.signUp,
      devMailbox,
    }),
  );

  if (!ctx.config.isProduction) {
    app.get(
      "/api/v1/dev/mailbox",
      {
        schema: {
          tags: ["system"],
          summary: "Development mailbox (only when NODE_ENV is not production and SMTP_URL is unset)",
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: devMailboxSchema },
        },
      },
      async (request) => {
        const rows = await ctx.db
          .selectFrom("dev_mailbox")
          .select(["id", "to_address", "subject", "text_body", "html_body", "created_at"])
          .orderBy("created_at", "desc")
          .limit(request.query.limit)
          .execute();
        return {
          messages: rows.map((r) => ({
            id: r.id,
            to: r.to_address,
            subject: r.subject,
            text: r.text_body,
            html: r.html_body,
            createdAt: r.created_at.toISOString(),
          })),
        };
      },
    );
  }
}
