import { Alert, Text } from "@mantine/core";
import type { BillingAccount } from "../../../shared/accounts.js";

/** The reseller's message (R1, B3), said where the buttons would be. */
export function resellerMessage(account: Pick<BillingAccount, "resellerName">): string {
  return `Purchased through ${account.resellerName ?? "a reseller"}: contact them to change this subscription, its payment or its invoices.`;
}

export function ResellerNotice({ account, children }: { account: BillingAccount; children?: React.ReactNode }) {
  return (
    <Alert color="orange" variant="light" title={`Managed by ${account.resellerName ?? "your reseller"}`}>
      <Text size="sm">{resellerMessage(account)}</Text>
      {children}
    </Alert>
  );
}

/** Who may change this account's money: its managers (not staff) on a direct account. */
export function canChangeMoney(account: BillingAccount): boolean {
  return account.access === "manager" && account.channel === "direct";
}
