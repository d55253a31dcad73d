// What the OpenAPI document says beyond each route's own schemas, added in one place when the
// document is built (issue 13): the error answers of every operation (one error shape, its codes
// by status), the session cookie and the Origin rule as security schemes, and summaries in plain
// words. The route files keep citing DESIGN.md rule numbers in their summaries, for the reader of
// the code; here they move out of the summary into the operation's description.
import { z } from "zod";
import { errorBodySchema } from "../../shared/errors.js";

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: Record<string, string[]>[];
};
type Document = {
  info?: { description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown> | undefined>;
};

export const SESSION_SCHEME = "sessionCookie";
export const ORIGIN_SCHEME = "sameOrigin";

/** Every error answer, by status: what it means and the codes it carries (DESIGN.md error shape). */
export const ERROR_RESPONSES = {
  400: {
    name: "BadRequest",
    description:
      "The request is not valid. `invalid_input`: a field is wrong (each one in `details`, with its path); `invalid_json`: the body is not JSON; `bad_request`.",
  },
  401: {
    name: "Unauthorized",
    description:
      "Not signed in, or the session has ended (`not_signed_in`); `sign_in_required` when an invitation's address has a profile that must sign in first.",
  },
  402: {
    name: "PaymentRequired",
    description:
      "The card was declined (`card_declined`): `details.declineCode` says why (`card_declined`, `insufficient_funds`, `expired_card`, `stolen_card`, `processing_error`) and `details.retryable` whether trying again may help. Nothing was bought.",
  },
  403: {
    name: "Forbidden",
    description:
      "Not allowed. `origin_mismatch`: an unsafe request (POST, PUT, PATCH, DELETE) whose `Origin` is not the portal's, or that carries the session cookie without an `Origin`; `login_deactivated`; `staff_read_only`; `reseller_read_only`; `not_invitee`; `email_not_confirmed`.",
  },
  404: {
    name: "NotFound",
    description:
      "Nothing here, or not yours: an account you do not manage answers exactly like one that does not exist. `not_found`, `account_not_found`, `manager_not_found`, `invitation_not_found`, `user_not_found`, `identity_not_found`, `payment_method_not_found`, `subscription_not_found`, `invoice_not_found`, `activation_code_invalid`.",
  },
  409: {
    name: "Conflict",
    description:
      "The change conflicts with the current state. `email_taken`, `no_pending_email`, `already_manager`, `too_many_pending_invitations`, `invitation_not_pending`, `last_manager`, `is_subscription_contact`, `is_billing_contact`, `idempotency_key_reused`, `idempotency_request_in_progress`, `no_payment_method`, `card_expired`, `card_token_used`, `default_payment_method`, `currency_not_offered`, `term_ended`, `subscription_not_active`, `subscription_changed`, `subscription_ended`, `namespace_taken`, `wrong_deployment`, `already_activated`, `not_activated`.",
  },
  410: {
    name: "Gone",
    description:
      "The link has expired or was already used. `link_expired`, `invitation_expired`, `invitation_used`, `invitation_declined`, `invitation_revoked`, `invitation_link_invalid`.",
  },
  413: { name: "PayloadTooLarge", description: "The body is larger than 64 KiB (`payload_too_large`)." },
  415: { name: "UnsupportedMediaType", description: "The body is not `application/json` (`unsupported_media_type`)." },
  429: {
    name: "TooManyRequests",
    description: "Too many requests (`rate_limited`); try again after the `Retry-After` header's number of seconds.",
  },
  500: {
    name: "InternalError",
    description:
      "Something went wrong on the portal's side (`internal_error`); quote the `requestId` when reporting it.",
  },
} as const;

type ErrorStatus = keyof typeof ERROR_RESPONSES;

/** Operations that need no session (some accept one). Every other operation answers 401 without it. */
const PUBLIC_OPERATIONS = new Set([
  "GET /api/v1/config",
  "GET /api/v1/dev/mailbox",
  "POST /api/v1/auth/sign-in-link",
  "POST /api/v1/auth/sign-in-link/redeem",
  "GET /api/v1/auth/oidc/start",
  "GET /api/v1/auth/oidc/callback",
  "GET /api/v1/invitations/token/{token}",
  "POST /api/v1/invitations/accept",
  "POST /api/v1/invitations/decline",
  "GET /api/v1/plans",
  "GET /api/v1/license-public-key",
  "POST /sandbox-gateway/v1/tokens",
  "POST /api/v1/activations",
]);

/**
 * Answers an operation gives beyond those that follow from its shape (see statusesOf): rate
 * limits, conflicts with the current state, spent links.
 */
export const OPERATION_ERRORS: Record<string, ErrorStatus[]> = {
  "POST /api/v1/auth/sign-in-link": [429],
  "POST /api/v1/auth/sign-in-link/redeem": [410, 429],
  "PATCH /api/v1/me": [409, 429],
  "POST /api/v1/me/email/confirm": [409, 410],
  "POST /api/v1/me/email/resend": [409, 429],
  "DELETE /api/v1/me/email/pending": [409],
  "GET /api/v1/auth/oidc/start": [404, 429],
  "GET /api/v1/auth/oidc/callback": [404],
  "DELETE /api/v1/billing-accounts/{id}/managers/{userId}": [409, 429],
  "POST /api/v1/billing-accounts/{id}/invitations": [409, 429],
  "DELETE /api/v1/billing-accounts/{id}/invitations/{invitationId}": [409],
  "POST /api/v1/invitations/{id}/accept": [409, 410],
  "POST /api/v1/invitations/{id}/decline": [409, 410],
  "GET /api/v1/invitations/token/{token}": [410, 429],
  "POST /api/v1/invitations/accept": [401, 409, 410, 429],
  "POST /api/v1/invitations/decline": [409, 410, 429],
  "GET /api/v1/billing-accounts/{id}/payment-methods": [403],
  "POST /api/v1/billing-accounts/{id}/payment-methods": [409],
  "PATCH /api/v1/billing-accounts/{id}/payment-methods/{pmId}": [409],
  "DELETE /api/v1/billing-accounts/{id}/payment-methods/{pmId}": [409],
  "POST /api/v1/purchases/preview": [404, 409],
  "POST /api/v1/purchases": [402, 404, 409],
  "PATCH /api/v1/subscriptions/{id}": [409],
  "POST /api/v1/subscriptions/{id}/add-ons/preview": [409],
  "POST /api/v1/subscriptions/{id}/add-ons": [402, 409],
  "GET /api/v1/billing-accounts/{id}/invoices": [403],
  "GET /api/v1/invoices/{id}": [403],
  "GET /api/v1/invoices/{id}/pdf": [403],
  "GET /api/v1/billing-accounts/{id}/invoice-recipients": [403],
  "PUT /api/v1/subscriptions/{id}/namespace": [409],
  "DELETE /api/v1/subscriptions/{id}/namespace": [409],
  "GET /api/v1/subscriptions/{id}/license": [403, 409],
  "POST /api/v1/subscriptions/{id}/activation-code": [409],
  "DELETE /api/v1/subscriptions/{id}/activation": [409],
  "POST /api/v1/activations": [404, 409, 429],
};

const UNSAFE_METHODS = new Set(["post", "put", "patch", "delete"]);

const RULES = String.raw`[A-Z]{1,2}\d+(?:\s*(?:,|and|–|-)\s*[A-Z]{1,2}\d+)*`;
/** DESIGN.md rule numbers cited in a summary: " (A3, A7)", or at the end of a remark "(direct accounts only, A10)". */
const RULE_CITATIONS = [new RegExp(String.raw`\s*\((${RULES})\)`, "g"), new RegExp(String.raw`,\s*(${RULES})\)`, "g")];

/** The error statuses of one operation: those that follow from its shape, and its own. */
function statusesOf(method: string, key: string, operation: Operation): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>([500]);
  const inputs = operation.parameters ?? [];
  if (operation.requestBody !== undefined) for (const status of [400, 413, 415] as const) statuses.add(status);
  if (inputs.length > 0) statuses.add(400);
  if (inputs.some((p) => p.in === "path")) statuses.add(404);
  if (UNSAFE_METHODS.has(method)) statuses.add(403);
  if (!PUBLIC_OPERATIONS.has(key)) statuses.add(401);
  for (const status of OPERATION_ERRORS[key] ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

function securityOf(method: string, key: string): Record<string, string[]>[] {
  if (PUBLIC_OPERATIONS.has(key)) return [];
  return [UNSAFE_METHODS.has(method) ? { [SESSION_SCHEME]: [], [ORIGIN_SCHEME]: [] } : { [SESSION_SCHEME]: [] }];
}

/** Moves rule citations out of the summary into the description. */
function plainSummary(operation: Operation): void {
  if (!operation.summary) return;
  const rules: string[] = [];
  let summary = operation.summary;
  for (const citation of RULE_CITATIONS) {
    summary = summary.replace(citation, (match, cited: string) => {
      rules.push(cited);
      return match.endsWith(")") && !match.trimStart().startsWith("(") ? ")" : "";
    });
  }
  if (rules.length === 0) return;
  operation.summary = summary.trim();
  const note = `Rules (DESIGN.md): ${rules.join(", ")}.`;
  operation.description = operation.description ? `${operation.description}\n\n${note}` : note;
}

/** Completes the document @fastify/swagger generated (its `transformObject`). */
export function completeOpenApi<T extends object>(generated: T): T {
  const document = generated as Document;
  const responses: Record<string, unknown> = {};
  for (const [status, { name, description }] of Object.entries(ERROR_RESPONSES)) {
    responses[name] = {
      description,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      ...(status === "429"
        ? { headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } }
        : {}),
    };
  }
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      Error: z.toJSONSchema(errorBodySchema, { target: "openapi-3.0", io: "output" }),
    },
    responses: { ...document.components?.responses, ...responses },
    securitySchemes: {
      ...document.components?.securitySchemes,
      [SESSION_SCHEME]: {
        type: "apiKey",
        in: "cookie",
        name: "billfold_session",
        description:
          "The session, set by signing in (a one-time link, an invitation or GitLab.com). HttpOnly, SameSite=Lax, Secure on https. Ends after 12 hours idle or 14 days.",
      },
      [ORIGIN_SCHEME]: {
        type: "apiKey",
        in: "header",
        name: "Origin",
        description:
          "Unsafe requests (POST, PUT, PATCH, DELETE) must carry an `Origin` equal to the portal's address (BASE_URL) when they carry the session cookie, and must not carry a different one in any case; otherwise 403 `origin_mismatch`. Browsers send it themselves.",
      },
    },
  };
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${path}`;
      plainSummary(operation);
      operation.security = securityOf(method, key);
      operation.responses = { ...operation.responses };
      for (const status of statusesOf(method, key, operation)) {
        operation.responses[status] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
      }
    }
  }
  return generated;
}
