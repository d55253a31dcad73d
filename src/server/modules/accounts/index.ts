// The accounts module's public surface: other modules import only from here.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../app/context.js";
import { accountRoutes } from "./accounts.routes.js";
import { activityRoutes } from "./activity.routes.js";
import { contactRoutes } from "./contacts.routes.js";
import { invitationRoutes } from "./invitations.routes.js";
import { managerRoutes } from "./managers.routes.js";

export { accountNotFound, getAccountAccessOrThrow, lockAccountAsManagerOrThrow } from "./access.js";
export {
  type Access,
  type AccountsDeps,
  INVITATION_TTL_MS,
  LIMITS as ACCOUNT_LIMITS,
  MAX_PENDING_INVITATIONS,
  type Viewer,
} from "./accounts.deps.js";
export { managedBy, type ViewerId } from "./accounts.repository.js";
export { seedDemoAccounts } from "./accounts.seed.js";
export { createBillingAccount, getAccountOrThrow, listMyAccounts, updateCompanyDetails } from "./accounts.service.js";
export { listAccountEvents } from "./activity.service.js";
export { findAccountWithContacts, getContactsOrThrow, updateContacts } from "./contacts.service.js";
export {
  acceptInvitationById,
  acceptInvitationByToken,
  declineInvitationById,
  declineInvitationByToken,
  inviteManager,
  listAccountInvitations,
  listMyInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations.service.js";
export { listAccountManagers, removeManager } from "./managers.service.js";
export { listResellersOfCustomer } from "./reseller-customers.js";
export { normaliseTaxId } from "./tax-id.js";

/** Every /billing-accounts… and /invitations… route (A1–A10, AU2). */
export function accountsRoutes(app: FastifyInstance, ctx: AppContext): void {
  accountRoutes(app, ctx);
  managerRoutes(app, ctx);
  invitationRoutes(app, ctx);
  contactRoutes(app, ctx);
  activityRoutes(app, ctx);
}
