// The refusals the licensing routes share (codes in src/shared/errors.ts).
import { ERROR_CODES } from "../../../shared/errors.js";
import { AppError } from "../../platform/errors.js";

export const subscriptionEnded = () =>
  new AppError("conflict", ERROR_CODES.subscriptionEnded, "This subscription has ended; buy a new one instead.");

export const onlySaas = () =>
  new AppError(
    "conflict",
    ERROR_CODES.wrongDeployment,
    "Only a GitLab.com (SaaS) subscription links to a group; a self-managed one uses a license file.",
  );

export const onlySelfManaged = () =>
  new AppError(
    "conflict",
    ERROR_CODES.wrongDeployment,
    "Only a self-managed subscription has a license file and an activation code; a SaaS one links to a group.",
  );

/** Staff see subscriptions here but neither take licenses nor change their use (support console). */
export const staffNoLicense = () =>
  new AppError(
    "forbidden",
    ERROR_CODES.staffReadOnly,
    "Staff can view subscriptions here; licenses are issued from the support console.",
  );

export const isEnded = (row: { status: string }) => row.status === "expired" || row.status === "cancelled";
