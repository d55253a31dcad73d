// S2–S4 routes: parse → call one service → respond. No SQL here.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { subscriptionParamsSchema, subscriptionSummarySchema } from "../../../shared/billing.js";
import {
  activationCodeResultSchema,
  activationRequestSchema,
  activationResultSchema,
  linkNamespaceSchema,
} from "../../../shared/licensing.js";
import type { AppContext } from "../../app/context.js";
import { requestMeta, requestSession, requireUser } from "../../app/request-meta.js";
import { activate, regenerateActivationCode, releaseActivation } from "./activation.service.js";
import { downloadLicense } from "./license-file.service.js";
import type { LicensingDeps } from "./licensing.deps.js";
import { linkNamespace, unlinkNamespace } from "./namespace.service.js";

export function subscriptionUseRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps: LicensingDeps = ctx;
  const tags = ["subscriptions"];

  app.put(
    "/api/v1/subscriptions/:id/namespace",
    {
      schema: {
        tags,
        summary: "Link a SaaS subscription to a GitLab.com group, or change the group (S2)",
        params: subscriptionParamsSchema,
        body: linkNamespaceSchema,
        response: { 200: subscriptionSummarySchema },
      },
    },
    async (request) =>
      linkNamespace(deps, requireUser(request), request.params.id, request.body.namespace, requestMeta(request)),
  );
  app.delete(
    "/api/v1/subscriptions/:id/namespace",
    {
      schema: {
        tags,
        summary: "Unlink a SaaS subscription's group (S2)",
        params: subscriptionParamsSchema,
        response: { 200: subscriptionSummarySchema },
      },
    },
    async (request) => unlinkNamespace(deps, requireUser(request), request.params.id, requestMeta(request)),
  );
  app.get(
    "/api/v1/subscriptions/:id/license",
    {
      schema: {
        tags,
        summary: "Download a self-managed subscription's signed license file (S3)",
        params: subscriptionParamsSchema,
        response: { 200: z.string().describe("The license file (-----BEGIN BILLFOLD LICENSE----- …)") },
      },
      // Hot (docs/decisions/013): the service's one statement checks the session too.
      config: { sessionCheckedByRead: true },
    },
    async (request, reply) => {
      const { fileName, text } = await downloadLicense(deps, requestSession(request), request.params.id);
      return reply
        .type("text/plain; charset=utf-8")
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .header("cache-control", "private, no-store")
        .send(text);
    },
  );
  app.post(
    "/api/v1/subscriptions/:id/activation-code",
    {
      schema: {
        tags,
        summary: "Make a new activation code; the old one stops working (S4)",
        params: subscriptionParamsSchema,
        response: { 200: activationCodeResultSchema },
      },
    },
    async (request) => regenerateActivationCode(deps, requireUser(request), request.params.id, requestMeta(request)),
  );
  app.delete(
    "/api/v1/subscriptions/:id/activation",
    {
      schema: {
        tags,
        summary: "Release the instance a self-managed subscription is activated on (S4)",
        params: subscriptionParamsSchema,
        response: { 200: subscriptionSummarySchema },
      },
    },
    async (request) => releaseActivation(deps, requireUser(request), request.params.id, requestMeta(request)),
  );
  app.post(
    "/api/v1/activations",
    {
      schema: {
        tags: ["activations"],
        summary: "Activate an instance with a subscription's activation code: a license bound to it (S4)",
        description: "Called by the customer's instance, without a session. Rate-limited per code and per address.",
        body: activationRequestSchema,
        response: { 200: activationResultSchema },
      },
    },
    async (request) => activate(deps, request.body, requestMeta(request)),
  );
}
