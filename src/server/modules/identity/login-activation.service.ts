// I6: a user whose login is deactivated cannot sign in by any method, and their sessions end.
import { ERROR_CODES } from "../../../shared/errors.js";
import { change } from "../../platform/change/change.js";
import type { Db } from "../../platform/db/client.js";
import { AppError } from "../../platform/errors.js";
import { type RequestMeta, recordEvent } from "../audit/index.js";
import { revokeUserSessions } from "./sessions.repository.js";
import { revokeOutstandingTokens } from "./tokens.repository.js";
import { lockUser, updateUser } from "./users.repository.js";

/**
 * Turns a user's login on or off. R2: under RESELLER_CUSTOMER_LOGIN=disabled, staff may activate
 * a reseller customer's login only once their account is direct — a rule identity cannot check
 * (it does not know accounts). No route or command calls this today (login-activation.test.ts
 * keeps it so); the support console (SP4) must check R2 before it does.
 */
export async function setLoginActivated(db: Db, userId: string, activated: boolean, meta: RequestMeta): Promise<void> {
  await change(db, {
    lock: (tx) => lockUser(tx, userId),
    decide: async (tx, user) => {
      if (!user) throw new AppError("not_found", ERROR_CODES.userNotFound, "No such user.");
      if (user.login_activated === activated) return;
      await updateUser(tx, userId, { login_activated: activated });
      if (!activated) {
        await revokeUserSessions(tx, userId);
        await revokeOutstandingTokens(tx, { userId, emailKeys: [user.email_key] });
      }
      await recordEvent(tx, meta, {
        action: activated ? "user.login_activated" : "user.login_deactivated",
        subjectType: "user",
        subjectId: userId,
        summary: { loginActivated: { from: user.login_activated, to: activated } },
      });
    },
  });
}
