// Routes: parse → call service → respond. No SQL here.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import {
  acceptedSchema,
  meSchema,
  redeemResultSchema,
  signInLinkRequestSchema,
  tokenBodySchema,
  updateMeSchema,
} from "../../../shared/identity.js";
import type { AppContext } from "../../app/context.js";
import { requestMeta, requireUser } from "../../app/request-meta.js";
import { clearSessionCookie, setSessionCookie } from "../../app/session-cookie.js";
import type { IdentityDeps, ResellersOfCustomer } from "./identity.deps.js";
import {
  cancelEmailChange,
  confirmEmailChange,
  getUserOrThrow,
  resendEmailConfirmation,
  toMe,
  toMeFromAuth,
  updateProfile,
} from "./profile.service.js";
import { signOut, signOutEverywhere } from "./sessions.service.js";
import { redeemSignInLink, requestSignInLink, SIGN_IN_LINK_ACCEPTED } from "./sign-in-link.service.js";

export type IdentityListLoader = (userId: string) => Promise<z.infer<typeof meSchema>["identities"]>;

export function identityRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  listIdentities: IdentityListLoader = async () => [],
  resellersOfCustomer?: ResellersOfCustomer,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps: IdentityDeps = {
    db: ctx.db,
    outbox: ctx.outbox,
    limiter: ctx.limiter,
    config: ctx.config,
    ...(resellersOfCustomer ? { resellersOfCustomer } : {}),
  };
  const tags = ["auth"];

  app.post(
    "/api/v1/auth/sign-in-link",
    {
      schema: {
        tags,
        summary: "Email a one-time sign-in link (I2)",
        body: signInLinkRequestSchema,
        response: { 202: acceptedSchema },
      },
    },
    async (request, reply) => {
      await requestSignInLink(deps, request.body.email, requestMeta(request), request.body.returnTo ?? null);
      return reply.status(202).send({ message: SIGN_IN_LINK_ACCEPTED });
    },
  );

  app.post(
    "/api/v1/auth/sign-in-link/redeem",
    {
      schema: {
        tags,
        summary: "Sign in with a one-time link (I3, I4)",
        body: tokenBodySchema,
        response: { 200: redeemResultSchema },
      },
    },
    async (request, reply) => {
      const result = await redeemSignInLink(deps, request.body.token, {
        ...requestMeta(request),
        userAgent: request.headers["user-agent"] ?? null,
        previousSessionId: request.auth?.sessionId ?? null,
      });
      setSessionCookie(reply, ctx, result.cookieValue, result.expiresAt);
      const user = await getUserOrThrow(deps, result.userId);
      return { user: toMe(user, await listIdentities(user.id)), returnTo: result.returnTo };
    },
  );

  app.post("/api/v1/auth/sign-out", { schema: { tags, summary: "End this session" } }, async (request, reply) => {
    const user = requireUser(request);
    await signOut(ctx.db, user, requestMeta(request));
    clearSessionCookie(reply, ctx);
    return reply.status(204).send();
  });

  app.post(
    "/api/v1/auth/sign-out-everywhere",
    { schema: { tags, summary: "End every session of this user" } },
    async (request, reply) => {
      const user = requireUser(request);
      await signOutEverywhere(ctx.db, user, requestMeta(request));
      clearSessionCookie(reply, ctx);
      return reply.status(204).send();
    },
  );

  const profileTags = ["profile"];
  app.get(
    "/api/v1/me",
    { schema: { tags: profileTags, summary: "The signed-in user", response: { 200: meSchema } } },
    async (request) => {
      // One query in all for most users: the session check's row is the profile (I5 checked it).
      const auth = requireUser(request);
      return toMeFromAuth(auth, auth.hasIdentities ? await listIdentities(auth.id) : []);
    },
  );

  app.patch(
    "/api/v1/me",
    {
      schema: {
        tags: profileTags,
        summary: "Change names; an email change stays pending until confirmed (I7)",
        body: updateMeSchema,
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      const user = await updateProfile(deps, auth.id, request.body, requestMeta(request));
      return toMe(user, await listIdentities(auth.id));
    },
  );

  app.post(
    "/api/v1/me/email/confirm",
    {
      schema: {
        tags: profileTags,
        summary: "Confirm a new email address with the emailed token (I7)",
        body: tokenBodySchema,
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const user = await confirmEmailChange(deps, request.body.token, {
        ...requestMeta(request),
        currentSessionId: request.auth?.sessionId ?? null,
      });
      return toMe(user, await listIdentities(user.id));
    },
  );

  app.delete(
    "/api/v1/me/email/pending",
    {
      schema: {
        tags: profileTags,
        summary: "Cancel a requested email change; the emailed confirmation link stops working",
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      const user = await cancelEmailChange(deps, auth.id, requestMeta(request));
      return toMe(user, await listIdentities(auth.id));
    },
  );

  app.post(
    "/api/v1/me/email/resend",
    {
      schema: {
        tags: profileTags,
        summary: "Send the email confirmation link again",
        response: { 202: acceptedSchema },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await resendEmailConfirmation(deps, auth.id, requestMeta(request));
      return reply.status(202).send({ message: "A new confirmation link is on its way." });
    },
  );
}
