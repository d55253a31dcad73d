// A small HTTP client over fastify.inject that keeps the session cookie like a browser would and
// sends the portal's Origin on unsafe requests.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export class TestClient {
  cookie: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    private readonly origin: string,
  ) {}

  async request(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse & { body: string; json<T = any>(): T }> {
    const allHeaders: Record<string, string> = { ...headers };
    if (method !== "GET" && allHeaders.origin === undefined) allHeaders.origin = this.origin;
    if (this.cookie && allHeaders.cookie === undefined) allHeaders.cookie = `billfold_session=${this.cookie}`;
    if (body !== undefined && allHeaders["content-type"] === undefined) allHeaders["content-type"] = "application/json";
    const response = await this.app.inject({
      method,
      url,
      headers: allHeaders,
      ...(body !== undefined ? { payload: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = response.cookies.find((c) => c.name === "billfold_session");
    if (setCookie) this.cookie = setCookie.value === "" ? null : setCookie.value;
    return response as never;
  }

  get = (url: string, headers?: Record<string, string>) => this.request("GET", url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request("POST", url, body, headers);
  put = (url: string, body?: unknown, headers?: Record<string, string>) => this.request("PUT", url, body, headers);
  patch = (url: string, body?: unknown, headers?: Record<string, string>) => this.request("PATCH", url, body, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request("DELETE", url, undefined, headers);
}
