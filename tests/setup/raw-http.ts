// Requests to a listening test app exactly as written, over a real socket: the request line is sent
// verbatim (a percent-encoded path, an absolute-form target `http://host/api/…`), which
// fastify.inject would normalise. Used where the spelling of the request itself is under test.
import http from "node:http";

export type RawResponse = { statusCode: number; headers: http.IncomingHttpHeaders; body: string; json<T = any>(): T };

/** The port a listening TestApp answers on (its baseUrl is http://localhost:PORT). */
export function portOf(baseUrl: string): number {
  return Number(new URL(baseUrl).port);
}

export function rawRequest(
  port: number,
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // node:http writes `path` into the request line untouched, absolute form included.
    const request = http.request(
      { host: "127.0.0.1", port, method, path: target, headers: { connection: "close", ...options.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({
            statusCode: response.statusCode ?? 0,
            headers: response.headers,
            body,
            json: () => JSON.parse(body),
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}
