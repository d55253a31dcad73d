// How long a client may take and how many connections one process holds (issue 12, item 9).
// Fastify leaves the request timeout off, so a client that sends its headers and then stalls its
// body held the connection for good; these bound every phase of a connection's life.
import type { ServerOptions } from "node:http";

export type HttpLimits = {
  /** The whole request, headers and body, must have arrived within this; else 408 and closed. */
  requestTimeoutMs: number;
  /** The headers alone must have arrived within this (at most the request timeout). */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way (a client that stops reading its answer) is closed after this. */
  idleSocketTimeoutMs: number;
  /** Connections one process accepts at once; past it, new ones are closed on arrival. */
  maxConnections: number;
};

export const HTTP_LIMITS: HttpLimits = {
  // A 64 KiB body (BODY_LIMIT) arrives in 30 s even at 20 kbit/s.
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  // Longer than the idle timeout of common load balancers (60 s), so the balancer, not the portal,
  // closes an idle connection and never sends a request on one the portal is closing (Fastify's own
  // default for the same reason).
  keepAliveTimeoutMs: 72_000,
  idleSocketTimeoutMs: 90_000,
  // Far above what one process serves (its PostgreSQL pool is 10 connections), far below what
  // would exhaust its memory or file descriptors.
  maxConnections: 2_000,
};

/** The Fastify constructor options for these limits (the connection cap is set on the server). */
export function httpTimeoutOptions(limits: HttpLimits): {
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
} {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleSocketTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // Node enforces the two timeouts above on a timer, every 30 s by default: a stalled request
      // would live up to 30 s past its timeout. A quarter of the timeout keeps the overrun small.
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(limits.requestTimeoutMs / 4))),
    },
  };
}
