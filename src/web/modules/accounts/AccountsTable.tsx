import { Box, Table, Text } from "@mantine/core";
import type { BillingAccountSummary } from "../../../shared/accounts.js";
import { AnchorLink } from "../../ui/links.js";
import { StackedField, StackedItem, StackedList } from "../../ui/StackedList.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { ChannelBadge } from "./ChannelBadge.js";

/** The billing accounts the signed-in user manages; cards on phones. */
export function AccountsTable({ accounts }: { accounts: BillingAccountSummary[] }) {
  const isPhone = useIsPhone();
  if (isPhone) {
    return (
      <Box p="sm">
        <StackedList label="Billing accounts you manage">
          {accounts.map((account) => (
            <StackedItem key={account.id}>
              <AnchorLink to="/billing-accounts/$accountId" params={{ accountId: account.id }} fw={600}>
                {account.companyName}
              </AnchorLink>
              <StackedField label="Account number">
                <Text size="sm" ff="monospace">
                  {account.accountNumber}
                </Text>
              </StackedField>
              <StackedField label="Channel">
                <ChannelBadge channel={account.channel} resellerName={account.resellerName} />
              </StackedField>
              <StackedField label="Currency">
                <Text size="sm">{account.currency}</Text>
              </StackedField>
              <StackedField label="Managers">
                <Text size="sm">{account.managerCount}</Text>
              </StackedField>
            </StackedItem>
          ))}
        </StackedList>
      </Box>
    );
  }
  return (
    <Table.ScrollContainer minWidth={560} type="native">
      <Table verticalSpacing="sm" horizontalSpacing="lg" highlightOnHover aria-label="Billing accounts you manage">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Company</Table.Th>
            <Table.Th scope="col">Account number</Table.Th>
            <Table.Th scope="col">Channel</Table.Th>
            <Table.Th scope="col">Currency</Table.Th>
            <Table.Th scope="col" ta="right">
              Managers
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((account) => (
            <Table.Tr key={account.id}>
              <Table.Td>
                <AnchorLink to="/billing-accounts/$accountId" params={{ accountId: account.id }} fw={600}>
                  {account.companyName}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {account.accountNumber}
                </Text>
              </Table.Td>
              <Table.Td>
                <ChannelBadge channel={account.channel} resellerName={account.resellerName} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{account.currency}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{account.managerCount}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
