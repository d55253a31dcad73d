import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import type { AccountInvitation, BillingAccount } from "../../../shared/accounts.js";
import { errorMessage } from "../../api/client.js";
import { useNotify } from "../../ui/notifications.js";
import { StackedField, StackedItem, StackedList } from "../../ui/StackedList.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { useRevokeInvitation } from "../accounts/api.js";
import { formatDate, invitationStateColors, invitationStateLabels } from "../accounts/format.js";

/** A6: the account's open invitations with their state, and Revoke (after a confirmation). */
export function InvitationsTable({
  account,
  invitations,
}: {
  account: BillingAccount;
  invitations: AccountInvitation[];
}) {
  const [revoking, setRevoking] = useState<AccountInvitation | null>(null);
  const isPhone = useIsPhone();
  const canChange = account.access === "manager";
  const revokeButton = (invitation: AccountInvitation) => (
    <Button
      size="xs"
      variant="default"
      onClick={() => setRevoking(invitation)}
      aria-label={`Revoke the invitation to ${invitation.email}`}
    >
      Revoke
    </Button>
  );
  return (
    <>
      {isPhone ? (
        <StackedList label="Pending invitations">
          {invitations.map((invitation) => (
            <StackedItem key={invitation.id} data-testid={`invitation-${invitation.email}`}>
              <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                {invitation.email}
              </Text>
              <StackedField label="Status">
                <StateBadge invitation={invitation} />
              </StackedField>
              <StackedField label="Expires">
                <ExpiresAt invitation={invitation} />
              </StackedField>
              <StackedField label="Invited by">
                <InvitedBy invitation={invitation} />
              </StackedField>
              {canChange ? <Group justify="flex-end">{revokeButton(invitation)}</Group> : null}
            </StackedItem>
          ))}
        </StackedList>
      ) : (
        <Table.ScrollContainer minWidth={720} type="native">
          <Table verticalSpacing="sm" aria-label="Pending invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">Invited by</Table.Th>
                {canChange ? (
                  <Table.Th scope="col" ta="right">
                    Actions
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.map((invitation) => (
                <Table.Tr key={invitation.id} data-testid={`invitation-${invitation.email}`}>
                  <Table.Td>
                    <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                      {invitation.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StateBadge invitation={invitation} />
                  </Table.Td>
                  <Table.Td>
                    <ExpiresAt invitation={invitation} />
                  </Table.Td>
                  <Table.Td>
                    <InvitedBy invitation={invitation} />
                  </Table.Td>
                  {canChange ? <Table.Td ta="right">{revokeButton(invitation)}</Table.Td> : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <RevokeDialog account={account} invitation={revoking} onClose={() => setRevoking(null)} />
    </>
  );
}

function StateBadge({ invitation }: { invitation: AccountInvitation }) {
  return (
    <Badge color={invitationStateColors[invitation.state]} variant="light" radius="sm">
      {invitationStateLabels[invitation.state]}
    </Badge>
  );
}

function ExpiresAt({ invitation }: { invitation: AccountInvitation }) {
  return (
    <Text size="sm" c={invitation.state === "expired" ? "dimmed" : undefined}>
      {formatDate(invitation.expiresAt)}
    </Text>
  );
}

function InvitedBy({ invitation }: { invitation: AccountInvitation }) {
  if (!invitation.invitedBy) {
    return (
      <Text size="sm" c="dimmed">
        A former manager
      </Text>
    );
  }
  return (
    <>
      <Text size="sm">{invitation.invitedBy.name}</Text>
      {invitation.invitedBy.name !== invitation.invitedBy.email ? (
        <Text size="xs" c="dimmed">
          {invitation.invitedBy.email}
        </Text>
      ) : null}
    </>
  );
}

function RevokeDialog({
  account,
  invitation,
  onClose,
}: {
  account: BillingAccount;
  invitation: AccountInvitation | null;
  onClose: () => void;
}) {
  const revoke = useRevokeInvitation(account.id);
  const notify = useNotify();
  const close = () => {
    revoke.reset();
    onClose();
  };
  return (
    <Modal
      opened={invitation !== null}
      onClose={close}
      title="Revoke the invitation?"
      centered
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {invitation ? (
        <Stack gap="md">
          <Text size="sm">
            The link sent to <strong>{invitation.email}</strong> will stop working, and they will not become a manager
            of <strong>{account.companyName}</strong>. You can invite them again later.
          </Text>
          {revoke.error ? (
            <Alert color="red" variant="light" role="alert" title="Could not revoke the invitation">
              {errorMessage(revoke.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              Keep invitation
            </Button>
            <Button
              color="red.9"
              loading={revoke.isPending}
              onClick={() =>
                revoke.mutate(invitation.id, {
                  onSuccess: () => {
                    close();
                    notify({
                      title: "Invitation revoked",
                      message: `The link sent to ${invitation.email} no longer works.`,
                    });
                  },
                })
              }
            >
              Revoke invitation
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
