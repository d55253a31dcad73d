import { Avatar, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import type { BillingAccount, Manager } from "../../../shared/accounts.js";
import { AnchorLink } from "../../ui/links.js";
import { formatDate, initialsOf, personName } from "./format.js";
import { RemoveManagerDialog } from "./RemoveManagerDialog.js";
import { removalBlock } from "./removal.js";

/** Managers with their contact roles, and the Remove / Leave action (A7). */
export function ManagersTable({ account, managers }: { account: BillingAccount; managers: Manager[] }) {
  const [removing, setRemoving] = useState<Manager | null>(null);
  const canChange = account.access === "manager";
  return (
    <>
      <Table.ScrollContainer minWidth={720} type="native">
        <Table verticalSpacing="sm" aria-label="Managers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Contact role</Table.Th>
              <Table.Th scope="col" style={{ whiteSpace: "nowrap" }}>
                Manager since
              </Table.Th>
              {canChange ? (
                <Table.Th scope="col" ta="right">
                  Actions
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {managers.map((manager) => (
              <ManagerRow
                key={manager.userId}
                account={account}
                manager={manager}
                managers={managers}
                canChange={canChange}
                onRemove={() => setRemoving(manager)}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <RemoveManagerDialog account={account} manager={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

interface ManagerRowProps {
  account: BillingAccount;
  manager: Manager;
  managers: Manager[];
  canChange: boolean;
  onRemove: () => void;
}

function ManagerRow({ account, manager, managers, canChange, onRemove }: ManagerRowProps) {
  const name = personName(manager);
  const block = removalBlock(manager, managers);
  const reasonId = `remove-reason-${manager.userId}`;
  return (
    <Table.Tr data-testid={`manager-${manager.email}`}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color="indigo" alt="">
            {initialsOf(manager)}
          </Avatar>
          <Text size="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
            {name}
          </Text>
          {manager.isYou ? (
            <Badge color="gray" variant="light" radius="sm" size="sm" style={{ flexShrink: 0 }}>
              You
            </Badge>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {manager.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {manager.isSubscriptionContact ? (
            <Badge color="indigo" variant="light" radius="sm" style={{ flexShrink: 0 }}>
              Subscription contact
            </Badge>
          ) : null}
          {manager.isBillingContact ? (
            <Badge color="violet" variant="light" radius="sm" style={{ flexShrink: 0 }}>
              Billing contact
            </Badge>
          ) : null}
          {!manager.isSubscriptionContact && !manager.isBillingContact ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDate(manager.addedAt)}
        </Text>
      </Table.Td>
      {canChange ? (
        <Table.Td>
          <Stack gap={4} align="flex-end">
            <Button
              size="xs"
              variant="default"
              c={block ? undefined : "red.8"}
              disabled={block !== null}
              aria-describedby={block ? reasonId : undefined}
              aria-label={manager.isYou ? "Leave billing account" : `Remove ${name}`}
              onClick={onRemove}
            >
              {manager.isYou ? "Leave" : "Remove"}
            </Button>
            {block ? (
              <Text id={reasonId} size="xs" c="dimmed" ta="right" maw={220}>
                {block.code === "last_manager" ? (
                  block.reason
                ) : (
                  <AnchorLink
                    to="/billing-accounts/$accountId/settings"
                    params={{ accountId: account.id }}
                    hash="contacts"
                    size="xs"
                  >
                    {block.reason}
                  </AnchorLink>
                )}
              </Text>
            ) : null}
          </Stack>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}
