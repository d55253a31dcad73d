// I9 routes: parse → call service → respond. `start` and `callback` are browser navigations and
// answer with redirects; they answer 404 when OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET
// are not set. Unlinking works either way (it only removes data).

import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ERROR_CODES } from "../../../shared/errors.js";
import { meSchema } from "../../../shared/identity.js";
import { OIDC_PROVIDER, oidcStartQuerySchema } from "../../../shared/oidc.js";
import type { AppContext } from "../../app/context.js";
import { requestMeta, requireUser } from "../../app/request-meta.js";
import { setSessionCookie } from "../../app/session-cookie.js";
import { AppError } from "../../platform/errors.js";
import type { ResellersOfCustomer } from "./identity.deps.js";
import { createRelyingParty, type OidcRelyingParty } from "./oidc.client.js";
import {
  completeOidc,
  listLinkedIdentities,
  OIDC_LABEL,
  type OidcDeps,
  startOidc,
  unlinkIdentity,
} from "./oidc.service.js";
import { getUserOrThrow, toMe } from "./profile.service.js";

/** Holds the random value whose hash keys the attempt row; sent only to the OIDC routes. */
export const OIDC_ATTEMPT_COOKIE = "billfold_oidc";
const ATTEMPT_COOKIE_PATH = "/api/v1/auth/oidc";
export const OIDC_CALLBACK_PATH = "/api/v1/auth/oidc/callback";

export function oidcRedirectUri(baseUrl: string): string {
  return `${baseUrl}${OIDC_CALLBACK_PATH}`;
}

function redirect(reply: FastifyReply, location: string) {
  return reply.header("cache-control", "no-store").redirect(location, 302);
}

export function oidcRoutes(
  fastify: FastifyInstance,
  ctx: AppContext,
  relyingParty?: OidcRelyingParty | null,
  resellersOfCustomer?: ResellersOfCustomer,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const rp =
    relyingParty !== undefined
      ? relyingParty
      : ctx.config.oidc
        ? createRelyingParty(ctx.config.oidc, oidcRedirectUri(ctx.config.baseUrl))
        : null;
  const deps: OidcDeps = {
    db: ctx.db,
    outbox: ctx.outbox,
    limiter: ctx.limiter,
    config: ctx.config,
    rp,
    ...(resellersOfCustomer ? { resellersOfCustomer } : {}),
  };
  const cookieOptions = {
    path: ATTEMPT_COOKIE_PATH,
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
    sameSite: "lax" as const,
    secure: ctx.config.secureCookies,
  };

  app.get(
    "/api/v1/auth/oidc/start",
    {
      schema: {
        tags: ["auth"],
        summary: `Start signing in with ${OIDC_LABEL}, or linking it while signed in (I9)`,
        description:
          "A browser navigation. Redirects (302) to the provider's authorization endpoint (authorization code flow, PKCE S256). " +
          "`intent=link` links or, when one is linked, changes the linked account (the provider is asked for a fresh sign-in). " +
          "`returnTo` is a portal path (`/…`) to land on afterwards. 404 when OpenID Connect is not configured.",
        querystring: oidcStartQuerySchema,
      },
    },
    async (request, reply) => {
      const result = await startOidc(deps, {
        intent: request.query.intent,
        returnTo: request.query.returnTo,
        auth: request.auth,
        meta: requestMeta(request),
      });
      if (result.attemptCookie) {
        reply.setCookie(OIDC_ATTEMPT_COOKIE, result.attemptCookie.value, {
          ...cookieOptions,
          expires: result.attemptCookie.expiresAt,
        });
      }
      return redirect(reply, result.location);
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    {
      schema: {
        tags: ["auth"],
        summary: `Where ${OIDC_LABEL} sends the browser back (I9)`,
        description:
          "Checks the attempt (state, single use, 10 minutes), exchanges the code (issuer, audience, signature and nonce " +
          "are verified) and signs in or links. Redirects (302) to a portal page; failures land on `/sign-in` or `/profile` " +
          "with `oidc_error` = state_mismatch | email_taken | email_unverified | identity_in_use | login_deactivated | reseller_login_not_activated | " +
          "provider_error | not_signed_in; a link lands with `oidc` = linked | changed. 404 when OpenID Connect is not configured.",
        querystring: z.looseObject({
          code: z.string().max(4096).optional(),
          state: z.string().max(1024).optional(),
          iss: z.string().max(1024).optional(),
          error: z.string().max(1024).optional(),
          error_description: z.string().max(4096).optional(),
        }),
      },
    },
    async (request, reply) => {
      // The URL the provider redirected to, rebuilt on the registered redirect URI (not the Host header).
      const callbackUrl = new URL(oidcRedirectUri(ctx.config.baseUrl));
      callbackUrl.search = new URL(request.url, "http://callback.invalid").search;
      const result = await completeOidc(deps, {
        attemptCookie: request.cookies[OIDC_ATTEMPT_COOKIE],
        callbackUrl,
        auth: request.auth,
        meta: { ...requestMeta(request), userAgent: request.headers["user-agent"] ?? null },
      });
      reply.clearCookie(OIDC_ATTEMPT_COOKIE, cookieOptions);
      if (result.session) setSessionCookie(reply, ctx, result.session.cookieValue, result.session.expiresAt);
      return redirect(reply, result.location);
    },
  );

  app.delete(
    "/api/v1/me/identities/:provider",
    {
      schema: {
        tags: ["profile"],
        summary: `Unlink the ${OIDC_LABEL} account (provider \`${OIDC_PROVIDER}\`)`,
        params: z.object({ provider: z.string().max(50) }),
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      if (request.params.provider !== OIDC_PROVIDER) {
        throw new AppError("not_found", ERROR_CODES.identityNotFound, "No such linked account.");
      }
      await unlinkIdentity(deps, auth.id, requestMeta(request));
      return toMe(await getUserOrThrow(deps, auth.id), await listLinkedIdentities(ctx.db, auth.id));
    },
  );
}
