// The identity module's public surface: other modules import only from here.

export type { IdentityDeps } from "./identity.deps.js";
export { identityRoutes, setSessionCookie } from "./identity.routes.js";
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
export { withSessionCheck } from "./sessions.repository.js";
export {
  type AuthUser,
  authenticate,
  notSignedIn,
  type SessionKey,
  sessionKey,
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
