// AU1: every change writes an append-only event in the same transaction as the change.
export { insertEvent as recordEvent, listEventsForAccount } from "./audit.repository.js";
export type { AuditEvent, RequestMeta, RequestOrigin } from "./audit.types.js";
export { asUser, systemMeta } from "./audit.types.js";
