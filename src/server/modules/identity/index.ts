// The identity module's public surface: other modules import only from here.

export type { IdentityDeps } from "./identity.deps.js";
export { identityRoutes } from "./identity.routes.js";
export { setLoginActivated } from "./login-activation.service.js";
export { OIDC_ATTEMPT_COOKIE, OIDC_CALLBACK_PATH, oidcRoutes } from "./oidc.routes.js";
export { listLinkedIdentities, unlinkIdentity } from "./oidc.service.js";
export {
  confirmEmailChange,
  getUserOrThrow,
  resendEmailConfirmation,
  toMe,
  updateProfile,
} from "./profile.service.js";
// The session check (I5): `authenticate` for the request hook, `sessionRead` for a hot route whose
// first statement carries it (platform/fast-path/README.md). Identity builds its SQL; no other
// module does.
export {
  type AuthUser,
  authenticate,
  type ReadForViewer,
  type SessionCookie,
  sessionRead,
  signOut,
  signOutEverywhere,
  startSession,
} from "./sessions.service.js";
export {
  deactivatedMessage,
  redeemSignInLink,
  requestSignInLink,
  SIGN_IN_LINK_ACCEPTED,
} from "./sign-in-link.service.js";
export { findUserByEmailKey, findUserById, insertUserOrGetExisting } from "./users.repository.js";
