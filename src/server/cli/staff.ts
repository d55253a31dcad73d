// SP1: the first admin is created from the command line.

import { emailKey } from "../../shared/email.js";
import { recordEvent, systemMeta } from "../modules/audit/index.js";
import { insertUserOrGetExisting } from "../modules/identity/index.js";
import { change } from "../platform/change/change.js";
import type { Db } from "../platform/db/client.js";

export async function addStaff(db: Db, email: string, role: "support" | "admin"): Promise<void> {
  await change(db, {
    lock: null, // the users row's unique address decides a race
    decide: async (tx) => {
      const { user } = await insertUserOrGetExisting(tx, { email, emailKey: emailKey(email), emailConfirmedAt: null });
      await tx.updateTable("users").set({ staff_role: role }).where("id", "=", user.id).execute();
      await recordEvent(tx, systemMeta, {
        action: "staff.role_granted",
        subjectType: "user",
        subjectId: user.id,
        summary: { staffRole: { from: user.staff_role, to: role } },
      });
    },
  });
}
