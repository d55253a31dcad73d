import { Avatar, Badge, Button, Group, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import type { BillingAccount, Manager } from "../../../shared/accounts.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { AnchorLink } from "../../ui/links.js";
import { StackedField, StackedItem, StackedList } from "../../ui/StackedList.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { formatDate, initialsOf, personName } from "../accounts/format.js";
import { RemoveManagerDialog } from "./RemoveManagerDialog.js";
import { removalBlock } from "./removal.js";

/** Managers with their contact roles, and the Remove / Leave action (A7); cards on phones. */
export function ManagersTable({ account, managers }: { account: BillingAccount; managers: Manager[] }) {
  const [removing, setRemoving] = useState<Manager | null>(null);
  const isPhone = useIsPhone();
  const canChange = account.access === "manager";
  const rowProps = (manager: Manager) => ({
    account,
    manager,
    managers,
    canChange,
    onRemove: () => setRemoving(manager),
  });
  return (
    <>
      {isPhone ? (
        <StackedList label="Managers">
          {managers.map((manager) => (
            <ManagerCard key={manager.userId} {...rowProps(manager)} />
          ))}
        </StackedList>
      ) : (
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
                <ManagerRow key={manager.userId} {...rowProps(manager)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
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
  return (
    <Table.Tr data-testid={`manager-${manager.email}`}>
      <Table.Td>
        <PersonCell manager={manager} nowrap />
      </Table.Td>
      <Table.Td>
        {/* break-word, not anywhere: the column keeps the address's width and breaks only if it must. */}
        <Text size="sm" style={{ overflowWrap: "break-word" }}>
          {manager.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <ContactRoles manager={manager} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDate(manager.addedAt)}
        </Text>
      </Table.Td>
      {canChange ? (
        <Table.Td>
          <RemoveAction account={account} manager={manager} managers={managers} onRemove={onRemove} />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function ManagerCard({ account, manager, managers, canChange, onRemove }: ManagerRowProps) {
  return (
    <StackedItem data-testid={`manager-${manager.email}`}>
      <PersonCell manager={manager} />
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        {manager.email}
      </Text>
      <StackedField label="Contact role">
        <ContactRoles manager={manager} alignEnd />
      </StackedField>
      <StackedField label="Manager since">
        <Text size="sm">{formatDate(manager.addedAt)}</Text>
      </StackedField>
      {canChange ? <RemoveAction account={account} manager={manager} managers={managers} onRemove={onRemove} /> : null}
    </StackedItem>
  );
}

function PersonCell({ manager, nowrap = false }: { manager: Manager; nowrap?: boolean }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar size={32} radius="xl" color="indigo" alt="">
        {initialsOf(manager)}
      </Avatar>
      <Text size="sm" fw={600} style={nowrap ? { whiteSpace: "nowrap" } : { overflowWrap: "anywhere" }}>
        {personName(manager)}
      </Text>
      {manager.isYou ? (
        <Badge color="gray" variant="light" radius="sm" size="sm" style={{ flexShrink: 0 }}>
          You
        </Badge>
      ) : null}
    </Group>
  );
}

/** Both badges may show; they wrap onto two lines rather than spill into the next column. */
function ContactRoles({ manager, alignEnd = false }: { manager: Manager; alignEnd?: boolean }) {
  if (!manager.isSubscriptionContact && !manager.isBillingContact) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="wrap" justify={alignEnd ? "flex-end" : "flex-start"}>
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
    </Group>
  );
}

function RemoveAction({ account, manager, managers, onRemove }: Omit<ManagerRowProps, "canChange">) {
  const block = removalBlock(manager, managers);
  const reasonId = `remove-reason-${manager.userId}`;
  const name = personName(manager);
  return (
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
          {block.code === ERROR_CODES.lastManager ? (
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
  );
}
