// The level of a request's log line. Every real request is logged at `info`; the routine ones
// that would bury it (issue 13: the development mailbox page polls every few seconds, a page
// load fetches a dozen assets, load balancers probe health) are logged at `debug` when they
// succeed. A failure is always `info`.
import type { FastifyReply, FastifyRequest } from "fastify";

const ROUTINE_ROUTES = new Set(["/api/v1/dev/mailbox", "/healthz", "/readyz"]);
const STATIC_ASSET = /^\/(assets\/|favicon\.|robots\.txt)/;

export function requestLogLevel(request: FastifyRequest, reply: FastifyReply): "info" | "debug" {
  if (reply.statusCode >= 400 || (request.method !== "GET" && request.method !== "HEAD")) return "info";
  const route = request.routeOptions.url ?? "";
  return ROUTINE_ROUTES.has(route) || STATIC_ASSET.test(request.url) ? "debug" : "info";
}
