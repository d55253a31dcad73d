// The one way the web app talks to the API: same-origin cookies, JSON in and out,
// and every error answer turned into an ApiError carrying the server's code and message.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Seconds from the `Retry-After` header (429), when the server sent one. */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, details: unknown, retryAfter: number | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return tooManyRequestsMessage(error.retryAfter);
    return error.message;
  }
  if (error instanceof TypeError) return "Billfold could not be reached. Check your connection and try again.";
  return "Something went wrong. Please try again.";
}

export function tooManyRequestsMessage(retryAfter: number | null): string {
  if (retryAfter === null) return "Too many requests, try again in a moment.";
  return `Too many requests, try again in ${retryAfter} ${retryAfter === 1 ? "second" : "seconds"}.`;
}

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, an empty body): fall back to the status line below.
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === "string" && error.message !== ""
      ? error.message
      : `The server answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, code, message, error?.details, retryAfter);
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export async function apiRequest<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(method, `/api/v1${path}`, body, { signal });
}

/**
 * A JSON request to any same-origin URL (the API, or the sandbox gateway's tokenisation endpoint,
 * which lives outside /api as a real processor's would), with extra headers such as
 * `Idempotency-Key`. Errors become ApiError like the API's.
 */
export async function requestJson<T>(
  method: Method,
  url: string,
  body?: unknown,
  options: { signal?: AbortSignal | undefined; headers?: Record<string, string> | undefined } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  const init: RequestInit = { method, credentials: "same-origin", headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (options.signal) init.signal = options.signal;
  const response = await fetch(url, init);
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/** A file the API answers (a license, a PDF): its bytes and the name from Content-Disposition. */
export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

async function downloadFile(path: string): Promise<DownloadedFile> {
  const response = await fetch(`/api/v1${path}`, { method: "GET", credentials: "same-origin" });
  if (!response.ok) throw await toApiError(response);
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>("GET", path, undefined, signal),
  post: <T>(path: string, body?: unknown) => apiRequest<T>("POST", path, body),
  patch: <T>(path: string, body: unknown) => apiRequest<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => apiRequest<T>("PUT", path, body),
  delete: <T>(path: string) => apiRequest<T>("DELETE", path),
  /** A GET whose answer is a file; errors become ApiError like the JSON calls'. */
  download: downloadFile,
  /** A money-moving POST (B5): retries with the same key never charge twice. */
  postIdempotent: <T>(path: string, body: unknown, idempotencyKey: string) =>
    requestJson<T>("POST", `/api/v1${path}`, body, { headers: { "Idempotency-Key": idempotencyKey } }),
};
