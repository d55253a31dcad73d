// The answers Fastify and Node give before any route runs, in the one error shape
// ({"error":{"code","message","requestId"}}) with x-request-id and the security headers, like
// every other answer (issue 12, item 8). Their default bodies echo the URL and carry neither.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

type Headers = Record<string, string>;
type Answer = { status: number; code: string; message: string };

/** What the router refuses: never the URL itself in the message. */
function routerRefusal(error: FastifyError): Answer {
  switch (error.code) {
    case "FST_ERR_BAD_URL":
      return { status: 400, code: "invalid_url", message: "This address is not valid: it has a broken %-escape." };
    case "FST_ERR_MAX_PARAM_LENGTH":
      return { status: 414, code: "uri_too_long", message: "A part of this address is too long." };
    default:
      return { status: 500, code: "internal_error", message: "Something went wrong on our side." };
  }
}

/** Fastify's `frameworkErrors`: a URL the router cannot decode, or a path parameter past `maxParamLength`. */
export function answerFrameworkError(securityHeaders: Headers) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const answer = routerRefusal(error);
    if (answer.status >= 500) request.log.error({ err: error }, "router error");
    reply
      .headers(securityHeaders)
      .header("x-request-id", request.id)
      .status(answer.status)
      .send({ error: { code: answer.code, message: answer.message, requestId: request.id } });
  };
}

/** HTTP the server cannot parse (Node's `clientError`): no request, so no route and no hooks. */
function connectionRefusal(error: NodeJS.ErrnoException): Answer {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return { status: 408, code: "request_timeout", message: "The request took too long to arrive." };
  }
  if (error.code === "HPE_HEADER_OVERFLOW") {
    return { status: 431, code: "headers_too_large", message: "The request's headers are too large." };
  }
  return { status: 400, code: "bad_request", message: "The request could not be read." };
}

/** Fastify's `clientErrorHandler`: answers on the raw socket, then closes it (as Node does). */
export function answerClientError(securityHeaders: Headers) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    // Only if no answer to an earlier request on this connection has started (Node's own rule).
    const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const answer = connectionRefusal(error);
      const requestId = randomUUID();
      const body = JSON.stringify({ error: { code: answer.code, message: answer.message, requestId } });
      const head = [
        `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status]}`,
        "content-type: application/json; charset=utf-8",
        `content-length: ${Buffer.byteLength(body)}`,
        "connection: close",
        `x-request-id: ${requestId}`,
        ...Object.entries(securityHeaders).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${head.join("\r\n")}\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}
