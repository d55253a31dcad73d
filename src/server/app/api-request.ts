// Whether a request is for the JSON API. Decided on the path as the router reads it, never on the
// raw URL's prefix: the router decodes `%61pi` to `api` and drops the scheme and host of an
// absolute-form request line (`POST http://host/api/… HTTP/1.1`), so a check on `request.url`
// could be skipped by spelling the same route differently (issue 12, item 1).
import type { FastifyRequest } from "fastify";

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** The path as the router matches it: absolute form reduced to its path, query dropped, %XX decoded. */
export function routerPath(url: string): string {
  const path = url.replace(ABSOLUTE_FORM, "").split(/[?#]/, 1)[0] || "/";
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // not valid percent-encoding: the router refuses it as a bad URL anyway
  }
}

export function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/**
 * The route that matched when there is one (every route under `/api/`, however the request spelled
 * it); otherwise (404, a URL the router refused) the path as the router would read it.
 */
export function isApiRequest(request: Pick<FastifyRequest, "url"> & { routeOptions?: { url?: string } }): boolean {
  const route = request.routeOptions?.url;
  return isApiPath(route ?? routerPath(request.url));
}
