// Routes: parse → call service → respond. No SQL here.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  accountInvitationListSchema,
  accountParamsSchema,
  createInvitationSchema,
  invitationAcceptedSchema,
  invitationParamsSchema,
  invitationPreviewSchema,
  invitationSentSchema,
  invitationTokenBodySchema,
  invitationTokenParamsSchema,
  myInvitationListSchema,
  myInvitationParamsSchema,
} from "../../../shared/accounts.js";
import type { AppContext } from "../../app/context.js";
import { requestMeta, requestOrigin, requestSession, requireUser } from "../../app/request-meta.js";
import { setSessionCookie } from "../../app/session-cookie.js";
import {
  acceptInvitationById,
  acceptInvitationByToken,
  declineInvitationById,
  declineInvitationByToken,
  inviteManager,
  listAccountInvitations,
  listMyInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations.service.js";

export function invitationRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["invitations"];

  app.get(
    "/api/v1/billing-accounts/:id/invitations",
    {
      schema: {
        tags,
        summary: "Pending invitations, pending or expired (A6)",
        params: accountParamsSchema,
        response: { 200: accountInvitationListSchema },
      },
      config: { sessionCheckedByRead: true },
    },
    async (request) => ({
      invitations: await listAccountInvitations(ctx, requestSession(request), request.params.id),
    }),
  );

  app.post(
    "/api/v1/billing-accounts/:id/invitations",
    {
      schema: {
        tags,
        summary: "Invite a manager by email; 201 new, 200 renewed (A4)",
        params: accountParamsSchema,
        body: createInvitationSchema,
        response: { 200: invitationSentSchema, 201: invitationSentSchema },
      },
      config: { sessionCheckedByRead: true },
    },
    async (request, reply) => {
      const sent = await inviteManager(
        ctx,
        requestSession(request),
        request.params.id,
        request.body.email,
        requestOrigin(request),
      );
      return reply.status(sent.renewed ? 200 : 201).send(sent);
    },
  );

  app.delete(
    "/api/v1/billing-accounts/:id/invitations/:invitationId",
    {
      schema: {
        tags,
        summary: "Revoke a pending invitation; its link then answers 410 (A6)",
        params: invitationParamsSchema,
      },
      config: { sessionCheckedByRead: true },
    },
    async (request, reply) => {
      await revokeInvitation(
        ctx,
        requestSession(request),
        request.params.id,
        request.params.invitationId,
        requestOrigin(request),
      );
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/invitations",
    {
      schema: {
        tags,
        summary: "Invitations to the signed-in user's confirmed email address",
        response: { 200: myInvitationListSchema },
      },
    },
    async (request) => ({ invitations: await listMyInvitations(ctx, requireUser(request)) }),
  );

  app.post(
    "/api/v1/invitations/:id/accept",
    {
      schema: {
        tags,
        summary: "Accept an invitation to your confirmed address (A5)",
        params: myInvitationParamsSchema,
        response: { 200: invitationAcceptedSchema },
      },
      config: { sessionCheckedByRead: true },
    },
    async (request) => {
      const result = await acceptInvitationById(
        ctx,
        requestSession(request),
        request.params.id,
        requestOrigin(request),
      );
      return { billingAccountId: result.billingAccountId, profileCreated: false };
    },
  );

  app.post(
    "/api/v1/invitations/:id/decline",
    {
      schema: {
        tags,
        summary: "Decline an invitation to your confirmed address (A5)",
        params: myInvitationParamsSchema,
      },
      config: { sessionCheckedByRead: true },
    },
    async (request, reply) => {
      await declineInvitationById(ctx, requestSession(request), request.params.id, requestOrigin(request));
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/invitations/token/:token",
    {
      schema: {
        tags,
        summary: "What the invitation page shows (company, inviter, address, state, needsSignIn)",
        params: invitationTokenParamsSchema,
        response: { 200: invitationPreviewSchema },
      },
    },
    async (request) => previewInvitation(ctx, request.params.token, request.auth, requestMeta(request)),
  );

  app.post(
    "/api/v1/invitations/accept",
    {
      schema: {
        tags,
        summary: "Accept with the emailed token; with no profile yet, creates it and signs in (A4, A5)",
        body: invitationTokenBodySchema,
        response: { 200: invitationAcceptedSchema },
      },
    },
    async (request, reply) => {
      const result = await acceptInvitationByToken(ctx, request.body.token, request.auth, {
        ...requestMeta(request),
        userAgent: request.headers["user-agent"] ?? null,
        previousSessionId: request.auth?.sessionId ?? null,
      });
      if (result.session) setSessionCookie(reply, ctx, result.session.cookieValue, result.session.expiresAt);
      return {
        billingAccountId: result.billingAccountId,
        profileCreated: result.session !== null || result.loginNotActivated !== null,
        ...(result.loginNotActivated ? { loginNotActivated: result.loginNotActivated } : {}),
      };
    },
  );

  app.post(
    "/api/v1/invitations/decline",
    {
      schema: { tags, summary: "Decline with the emailed token (A5)", body: invitationTokenBodySchema },
    },
    async (request, reply) => {
      await declineInvitationByToken(ctx, request.body.token, request.auth, requestMeta(request));
      return reply.status(204).send();
    },
  );
}
