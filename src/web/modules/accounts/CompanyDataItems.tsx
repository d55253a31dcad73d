import { DataList, Text } from "@mantine/core";
import type { BillingAccount } from "../../../shared/accounts.js";
import { AddressText } from "./AddressText.js";

/** Company name, tax ID and address as DataList items (A1): the overview card and the read-only settings. */
export function CompanyDataItems({ account, nameLabel }: { account: BillingAccount; nameLabel: string }) {
  return (
    <>
      <DataList.Item>
        <DataList.ItemLabel>{nameLabel}</DataList.ItemLabel>
        <DataList.ItemValue>{account.companyName}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Tax ID</DataList.ItemLabel>
        <DataList.ItemValue>
          {account.taxId ?? (
            <Text c="dimmed" size="sm" span>
              Not set
            </Text>
          )}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Address</DataList.ItemLabel>
        <DataList.ItemValue>
          <AddressText address={account.address} />
        </DataList.ItemValue>
      </DataList.Item>
    </>
  );
}
