// Assembles the HTTP application: plugins, protections, error shape, routes, web app.

import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Config } from "../platform/config.js";
import { routerPath } from "./api-request.js";
import type { AppContext } from "./context.js";
import { registerErrorHandler } from "./error-handler.js";
import { answerClientError, answerFrameworkError } from "./framework-errors.js";
import { HTTP_LIMITS, type HttpLimits, httpTimeoutOptions } from "./http-limits.js";
import { completeOpenApi } from "./openapi.js";
import { requestLogLevel } from "./request-log.js";
import { registerRoutes } from "./routes.js";
import { registerSecurity } from "./security.js";
import { isPageRequest, registerWeb } from "./web.js";

export const BODY_LIMIT = 64 * 1024;

export type BuildOptions = {
  /** Timeouts and the connection cap; HTTP_LIMITS unless a test needs short ones. */
  http?: Partial<HttpLimits>;
};

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const limits: HttpLimits = { ...HTTP_LIMITS, ...options.http };
  // Security headers (helmet), computed once at start-up and set by one synchronous hook:
  // @fastify/helmet rebuilds its middleware and re-parses the CSP on every request.
  const securityHeaders = await helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        scriptSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: ctx.config.secureCookies ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: ctx.config.secureCookies,
  });
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    ...httpTimeoutOptions(limits),
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // The router's and the HTTP parser's own refusals, in the error shape with the headers.
    frameworkErrors: answerFrameworkError(securityHeaders),
    clientErrorHandler: answerClientError(securityHeaders),
    onProtoPoisoning: "error",
    onConstructorPoisoning: "error",
    // One log line per request (below) instead of Fastify's two: half the logging cost on every
    // request (docs/decisions/003-performance.md).
    logController: new LogController({ disableRequestLogging: true }),
  });
  // Past the cap, Node closes a new connection on arrival: slow clients cannot exhaust the process.
  app.server.maxConnections = limits.maxConnections;
  app.addHook("onResponse", async (request, reply) => {
    request.log[requestLogLevel(request, reply)](
      { req: request, statusCode: reply.statusCode, responseTime: reply.elapsedTime },
      "request completed",
    );
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  // Only JSON bodies are accepted; anything else answers 415 (see error-handler).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));

  await app.register(fastifyCookie);
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Billfold API",
        version: "1",
        description:
          'Customers portal API. Every error answers `{"error":{"code","message","details","requestId"}}`; each operation lists its error statuses, and each status its codes.',
      },
      servers: [{ url: ctx.config.baseUrl }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      "openapiObject" in document ? completeOpenApi(document.openapiObject) : document.swaggerObject,
  });
  // The docs page keeps the app's CSP (set above): swagger-ui's own (`staticCSP`) replaced it with
  // one that blocks the inline styles swagger-ui applies, an error in the browser console (issue 13).
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  registerErrorHandler(app);
  registerSecurity(app, ctx);
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  registerRoutes(app, ctx);

  const webBuilt = await registerWeb(app);
  app.setNotFoundHandler((request, reply) => {
    if (isPageRequest(routerPath(request.url), request.method)) {
      if (webBuilt) return reply.type("text/html").sendFile("index.html");
      return reply
        .type("text/plain")
        .status(503)
        .send("The web app is not built. Run `npm run build` (npm start does it for you).");
    }
    return reply
      .status(404)
      .send({ error: { code: "not_found", message: "There is nothing at this address.", requestId: request.id } });
  });
  return app;
}

/**
 * TRUST_PROXY as Fastify takes it. A list of proxy addresses goes as is. A hop count becomes a
 * trust function, because Fastify 5 ignores a numeric trustProxy (it cannot tell a proxy from a
 * client that connects directly): `1` trusts the peer the socket sees, whoever it is, to say who
 * its client was, which is right only when the portal is reachable through its proxies alone
 * (README, "Deployment").
 */
function trustProxyOption(trust: Config["trustProxy"]): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== "number") return trust;
  return (_address, hop) => hop < trust;
}

/** The headers @fastify/helmet sets with these options, read once from a throw-away instance. */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(fastifyHelmet, options);
  probe.get("/", async () => "");
  const response = await probe.inject({ method: "GET", url: "/" });
  await probe.close();
  const skip = new Set(["content-type", "content-length", "date", "connection", "keep-alive", "transfer-encoding"]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (!skip.has(name) && typeof value === "string") headers[name] = value;
  }
  return headers;
}
