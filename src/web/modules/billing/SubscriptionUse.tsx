import { Stack } from "@mantine/core";
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { ActivationArea } from "./ActivationArea.js";
import { LicenseDownload } from "./LicenseDownload.js";
import { NamespaceArea } from "./NamespaceArea.js";

/**
 * "What to do next" with a subscription (S1): a SaaS one is used by a GitLab.com group (S2), a
 * self-managed one by an instance, through its license file (S3) or its activation code (S4).
 */
export function SubscriptionUse({
  accountId,
  subscription,
  canUse,
}: {
  accountId: string;
  subscription: SubscriptionSummary;
  /** Managers of the account, reseller customers too (R1), of a live subscription. */
  canUse: boolean;
}) {
  return (
    <Stack gap="md" pt="md" style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}>
      {subscription.deployment === "saas" ? (
        <NamespaceArea accountId={accountId} subscription={subscription} canUse={canUse} />
      ) : (
        <>
          <LicenseDownload subscription={subscription} canUse={canUse} />
          <ActivationArea accountId={accountId} subscription={subscription} canUse={canUse} />
        </>
      )}
    </Stack>
  );
}
