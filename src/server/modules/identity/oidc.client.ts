// The OpenID Connect relying party (I9) over openid-client v6: discovery, the authorization URL
// (authorization code flow, PKCE S256, state, nonce) and the code exchange. openid-client checks
// the ID token's issuer, audience, expiry and nonce, the `iss` authorization response parameter
// (RFC 9207) and the userinfo subject; the ID token's signature check is turned on below. None of
// the library's checks is turned off.
import * as oidc from "openid-client";
import { isCleanText } from "../../../shared/text.js";
import { isLoopbackHttpIssuer } from "../../platform/config.js";

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string };

/** What Billfold keeps from the provider: the (issuer, subject) key and a few profile claims. */
export type ProviderProfile = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  username: string | null;
  givenName: string | null;
  familyName: string | null;
};

export type AttemptSecrets = { state: string; nonce: string; codeVerifier: string };

export interface OidcRelyingParty {
  newSecrets(): AttemptSecrets;
  authorizationUrl(secrets: AttemptSecrets, options: { prompt?: "login" }): Promise<URL>;
  /** Validates the callback URL and exchanges the code; throws on any failed check. */
  exchange(callbackUrl: URL, secrets: AttemptSecrets): Promise<ProviderProfile>;
}

export const OIDC_SCOPES = "openid profile email";
/** Metadata is fetched again after this long (keys are refreshed by openid-client on an unknown kid). */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;

/**
 * A text claim held to the rule for typed text (src/shared/text.ts): one that is not valid text
 * (a NUL, a lone surrogate, a control character) counts as absent; the rest is NFC and trimmed,
 * and cut at `max` whole code points, never inside a surrogate pair.
 */
function claimString(value: unknown, max = 255): string | null {
  if (typeof value !== "string" || !isCleanText(value)) return null;
  const text = value.normalize("NFC").trim();
  return text === "" ? null : Array.from(text).slice(0, max).join("");
}

export function createRelyingParty(settings: OidcSettings, redirectUri: string): OidcRelyingParty {
  let cached: { at: number; config: Promise<oidc.Configuration> } | null = null;

  function configuration(): Promise<oidc.Configuration> {
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const config = oidc.discovery(
      new URL(settings.issuer),
      settings.clientId,
      { client_secret: settings.clientSecret, redirect_uris: [redirectUri], response_types: ["code"] },
      oidc.ClientSecretBasic(settings.clientSecret),
      {
        execute: [
          // By default openid-client trusts the TLS channel to the token endpoint instead of the ID
          // token's signature (OIDC Core 3.1.3.7 allows it). Billfold also verifies the signature
          // against the provider's published keys (jwks_uri).
          oidc.enableNonRepudiationChecks,
          // openid-client refuses plain-HTTP issuers. That is relaxed ONLY for an http issuer on the
          // loopback interface (127.0.0.1 / localhost: the tests' in-process provider, local
          // development); any other http issuer still fails discovery. Every token check stays on.
          ...(isLoopbackHttpIssuer(settings.issuer) ? [oidc.allowInsecureRequests] : []),
        ],
        timeout: 10,
      },
    );
    const entry = { at: Date.now(), config };
    cached = entry;
    // A failed discovery (provider down) is not remembered: the next attempt tries again.
    config.catch(() => {
      if (cached === entry) cached = null;
    });
    return config;
  }

  return {
    newSecrets() {
      return {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
    },

    async authorizationUrl(secrets, options) {
      const config = await configuration();
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        response_type: "code",
        scope: OIDC_SCOPES,
        state: secrets.state,
        nonce: secrets.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
        code_challenge_method: "S256",
      };
      if (options.prompt) parameters.prompt = options.prompt;
      return oidc.buildAuthorizationUrl(config, parameters);
    },

    async exchange(callbackUrl, secrets) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        pkceCodeVerifier: secrets.codeVerifier,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error("the token response has no ID token");
      // Profile claims may be only in userinfo (GitLab, and providers that keep ID tokens small);
      // openid-client checks that its subject is the ID token's.
      const userinfo: Record<string, unknown> = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      const claim = (name: string) => userinfo[name] ?? idToken[name];
      const verified = claim("email_verified");
      return {
        issuer: idToken.iss,
        subject: idToken.sub,
        email: claimString(claim("email"), 320),
        emailVerified: verified === true || verified === "true",
        username: claimString(claim("preferred_username")) ?? claimString(claim("nickname")),
        givenName: claimString(claim("given_name"), 100),
        familyName: claimString(claim("family_name"), 100),
      };
    },
  };
}

/** A short, log-safe reason for a failed exchange (library error code or provider error). */
export function describeOidcFailure(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError) return `authorization_response:${error.error}`;
  if (error instanceof oidc.ResponseBodyError) return `token_endpoint:${error.error}`;
  if (error instanceof oidc.ClientError) {
    // The cause carries the specific check that failed (e.g. the nonce or iss comparison).
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `client:${error.code ?? "unknown"}:${error.message}${cause}`.slice(0, 300);
  }
  if (error instanceof Error) return `${error.name}:${error.message}`.slice(0, 300);
  return "unknown";
}
