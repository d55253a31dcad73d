// A real OpenID provider (oidc-provider) on a loopback port, standing in for GitLab.com, and a
// small cookie-keeping HTTP "browser" that walks the authorization code flow without a real browser.
//
// Two interaction modes:
// - "programmatic" (integration tests): the provider's login and consent prompts are sent to
//   /interaction/:uid, answered by a tiny handler here that calls provider.interactionFinished
//   for the account named in `?login=<sub>`. The protocol (authorization, code, PKCE, ID token
//   signing, userinfo) is entirely the provider's.
// - "dev" (browser tests): the provider's own development login and consent pages.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type TestAccount = {
  sub: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  given_name?: string;
  family_name?: string;
};

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the client's redirect URI and starts answering (the portal's port is known by then). */
  register(redirectUri: string): void;
  /** Adds (or replaces) an account the provider can sign in. */
  addAccount(account: TestAccount): TestAccount;
  /**
   * Rewrites the token endpoint's JSON answer before it leaves the provider (null: untouched).
   * Lets a test hand the portal a forged or altered ID token over the real back channel.
   */
  rewriteTokenResponse: ((body: Record<string, unknown>) => Record<string, unknown>) | null;
  /** Signs a JWT with the provider's own published key (RS256), e.g. an altered ID token. */
  signWithProviderKey(payload: Record<string, unknown>): string;
  /** The env for createTestApp. */
  env(): Record<string, string>;
  close(): Promise<void>;
};

let accountCounter = 0;

export function testAccount(overrides: Partial<TestAccount> = {}): TestAccount {
  const n = `${Date.now().toString(36)}${(accountCounter++).toString(36)}${randomBytes(2).toString("hex")}`;
  return {
    sub: `sub-${n}`,
    email: `gl-${n}@example.com`,
    email_verified: true,
    preferred_username: `gl_${n}`,
    ...overrides,
  };
}

/**
 * Starts listening at once (so the issuer URL is known); answers once `register(redirectUri)` has
 * been called, since the redirect URI contains the portal's port.
 */
export async function startOidcProvider(
  options: { interactions?: "programmatic" | "dev"; clientId?: string; clientSecret?: string } = {},
): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? "billfold-test";
  const clientSecret = options.clientSecret ?? randomBytes(24).toString("base64url");
  const accounts = new Map<string, TestAccount>();
  const programmatic = (options.interactions ?? "programmatic") === "programmatic";

  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const keyPair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `test-${port}`;

  function register(redirectUri: string): void {
    const signingKey = keyPair.privateKey.export({ format: "jwk" });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          response_types: ["code"],
          grant_types: ["authorization_code"],
          token_endpoint_auth_method: "client_secret_basic",
        },
      ],
      async findAccount(_ctx: unknown, sub: string) {
        const account = accounts.get(sub);
        if (!account) return undefined;
        return { accountId: sub, claims: async () => ({ ...account }) };
      },
      claims: {
        openid: ["sub"],
        email: ["email", "email_verified"],
        profile: ["preferred_username", "given_name", "family_name"],
      },
      jwks: { keys: [{ ...signingKey, kid, use: "sig", alg: "RS256" }] },
      cookies: { keys: [randomBytes(32).toString("hex")] },
      pkce: { required: () => true },
      ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
      features: { devInteractions: { enabled: !programmatic } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      // Keep test output quiet: the provider's error pages are enough.
      renderError: async (ctx: { type: string; body: unknown }, out: Record<string, string>) => {
        ctx.type = "text/plain";
        ctx.body = `provider error: ${out.error ?? ""} ${out.error_description ?? ""}`;
      },
    });
    const callback = provider.callback();

    async function interaction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
      const details = await provider.interactionDetails(req, res);
      const login = new URL(req.url ?? "/", issuer).searchParams.get("login");
      if (details.prompt.name === "login") {
        if (!login || !accounts.has(login)) {
          res.statusCode = 400;
          res.end(`test provider: add ?login=<known sub> to ${req.url}`);
          return;
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      if (details.prompt.name === "consent") {
        const accountId = details.session?.accountId;
        const clientIdParam = details.params.client_id;
        if (!accountId || typeof clientIdParam !== "string") throw new Error("consent without a session");
        const grant = details.grantId
          ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId: clientIdParam }))
          : new provider.Grant({ accountId, clientId: clientIdParam });
        const missing = details.prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
          grant.addResourceScope(resource, scopes.join(" "));
        }
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      res.statusCode = 400;
      res.end(`test provider: unexpected prompt ${details.prompt.name}`);
    }

    handler = (req, res) => {
      const rewrite = testProvider.rewriteTokenResponse;
      if (rewrite && req.method === "POST" && req.url?.startsWith("/token")) rewriteJsonBody(res, rewrite);
      if (programmatic && req.url?.startsWith("/interaction/")) {
        interaction(req, res).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(`test provider interaction failed: ${String(error)}`);
        });
        return;
      }
      callback(req, res);
    };
  }

  const testProvider: TestOidcProvider = {
    issuer,
    clientId,
    clientSecret,
    register,
    rewriteTokenResponse: null,
    signWithProviderKey(payload) {
      const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT", kid })).toString("base64url");
      const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
      const signature = sign("sha256", Buffer.from(`${header}.${body}`), keyPair.privateKey).toString("base64url");
      return `${header}.${body}.${signature}`;
    },
    addAccount(account) {
      accounts.set(account.sub, account);
      return account;
    },
    env: () => ({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return testProvider;
}

/** Replaces the JSON body the provider is about to send (Koa ends the response with one chunk). */
function rewriteJsonBody(
  res: http.ServerResponse,
  rewrite: (body: Record<string, unknown>) => Record<string, unknown>,
): void {
  const end = res.end.bind(res) as (chunk?: unknown) => http.ServerResponse;
  res.end = ((chunk?: unknown) => {
    if (res.statusCode !== 200 || (typeof chunk !== "string" && !Buffer.isBuffer(chunk))) return end(chunk);
    const replaced = JSON.stringify(rewrite(JSON.parse(chunk.toString()) as Record<string, unknown>));
    res.setHeader("content-length", Buffer.byteLength(replaced));
    return end(replaced);
  }) as typeof res.end;
}

/** The claims of a JWT (no verification: tests alter tokens the provider issued). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
}

type Cookie = { value: string; path: string };

/**
 * A minimal browser for redirect flows: `fetch` with `redirect: "manual"` and a cookie jar per
 * origin (host and port) that honours Path, Max-Age and Expires well enough for these flows.
 */
export class RedirectBrowser {
  private readonly jar = new Map<string, Map<string, Cookie>>();

  setCookie(origin: string, name: string, value: string, path = "/"): void {
    const key = new URL(origin).origin;
    const cookies = this.jar.get(key) ?? new Map<string, Cookie>();
    cookies.set(name, { value, path });
    this.jar.set(key, cookies);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).origin)?.get(name)?.value;
  }

  private cookieHeader(url: URL): string | undefined {
    const cookies = this.jar.get(url.origin);
    if (!cookies) return undefined;
    const pairs = [...cookies.entries()]
      .filter(
        ([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`),
      )
      .map(([name, c]) => `${name}=${c.value}`);
    return pairs.length > 0 ? pairs.join("; ") : undefined;
  }

  private store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [attrName = "", attrValue = ""] = attribute.split("=");
        const lower = attrName.toLowerCase();
        if (lower === "path") path = attrValue;
        if (lower === "max-age" && Number(attrValue) <= 0) expired = true;
        if (lower === "expires" && Date.parse(attrValue) <= Date.now()) expired = true;
      }
      const cookies = this.jar.get(url.origin) ?? new Map<string, Cookie>();
      if (expired) cookies.delete(name);
      else cookies.set(name, { value, path });
      this.jar.set(url.origin, cookies);
    }
  }

  async request(
    method: string,
    target: string | URL,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<Response> {
    const url = new URL(target);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    const response = await fetch(url, {
      method,
      headers,
      redirect: "manual",
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    this.store(url, response);
    return response;
  }

  get(target: string | URL, headers?: Record<string, string>): Promise<Response> {
    return this.request("GET", target, headers ? { headers } : {});
  }
}

export type FlowHooks = {
  /** Sign in at the provider as this account (programmatic interactions). */
  loginAs?: string;
  /** Change the authorization request before the browser sends it to the provider. */
  authorizationUrl?: (url: URL) => URL;
  /** Change the provider's redirect back before the browser follows it. */
  callbackUrl?: (url: URL) => URL;
  /** Stop at the callback without calling it (the URL is returned in `callbackUrl`). */
  stopBeforeCallback?: boolean;
};

export type FlowResult = {
  /** Where the start route sent the browser (the provider's authorization URL, before hooks). */
  authorizationUrl: URL;
  /** The callback URL the browser was sent to (after hooks). */
  callbackUrl: URL | null;
  /** Where the portal's callback redirected (a web page); null when stopped before the callback. */
  landing: URL | null;
};

/**
 * Walks start → provider (login, consent) → callback → landing page, following redirects by hand.
 * `startUrl` is the portal's /api/v1/auth/oidc/start URL (with its query).
 */
export async function runOidcFlow(
  browser: RedirectBrowser,
  startUrl: string,
  callbackPath: string,
  hooks: FlowHooks = {},
): Promise<FlowResult> {
  const start = await browser.get(startUrl);
  const first = start.headers.get("location");
  if (start.status !== 302 || !first) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  const authorizationUrl = new URL(first, startUrl);
  if (authorizationUrl.pathname !== "/auth") {
    // The start route answered with a portal page (for example ?oidc_error=not_signed_in).
    return { authorizationUrl, callbackUrl: null, landing: authorizationUrl };
  }
  let next = hooks.authorizationUrl ? hooks.authorizationUrl(new URL(authorizationUrl)) : authorizationUrl;
  for (let step = 0; step < 20; step++) {
    if (next.pathname === callbackPath) {
      const callbackUrl = hooks.callbackUrl ? hooks.callbackUrl(new URL(next)) : next;
      if (hooks.stopBeforeCallback) return { authorizationUrl, callbackUrl, landing: null };
      const done = await browser.get(callbackUrl);
      const location = done.headers.get("location");
      if (done.status !== 302 || !location) {
        throw new Error(`callback answered ${done.status}: ${await done.text()}`);
      }
      return { authorizationUrl, callbackUrl, landing: new URL(location, callbackUrl) };
    }
    if (next.pathname.startsWith("/interaction/") && hooks.loginAs) next.searchParams.set("login", hooks.loginAs);
    let response = await browser.get(next);
    if (response.status === 200) {
      // A page that submits itself (the provider ending its previous session before signing in
      // another account): do what a browser's script would and post the form.
      const page = await response.text();
      const form = autoSubmitForm(page, next);
      if (!form) throw new Error(`${next.href} answered 200: ${page.slice(0, 500)}`);
      response = await browser.request("POST", form.action, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.body.toString(),
      });
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`${next.href} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    }
    next = new URL(location, next);
  }
  throw new Error("too many redirects");
}

/** The first `<form method="post">` of a page that submits itself on load, with its hidden inputs. */
function autoSubmitForm(html: string, base: URL): { action: URL; body: URLSearchParams } | null {
  if (!/forms\[0\]\.submit\(\)/.test(html)) return null;
  const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form?.[1]) return null;
  const body = new URLSearchParams();
  for (const input of (form[2] ?? "").matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>/gi)) {
    body.append(input[1] ?? "", input[2] ?? "");
  }
  return { action: new URL(form[1], base), body };
}
