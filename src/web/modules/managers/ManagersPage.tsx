import { Badge, Card, EmptyState, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { accountInvitationsQueryOptions, managersQueryOptions } from "../accounts/api.js";
import { useAccount } from "../accounts/useAccount.js";
import { InvitationsTable } from "./InvitationsTable.js";
import { InviteManagerForm } from "./InviteManagerForm.js";
import { ManagersTable } from "./ManagersTable.js";

/** `/billing-accounts/:id/managers`: Billing account managers, inviting one, pending invitations (A4–A7). */
export function ManagersPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Managers");
  const managers = useQuery(managersQueryOptions(accountId));
  const invitations = useQuery(accountInvitationsQueryOptions(accountId));
  if (!account) return null;
  const canChange = account.access === "manager";

  return (
    <Stack gap="lg">
      <Section
        id="managers-title"
        title="Billing account managers"
        count={managers.data?.length}
        description="Every manager has the same rights: subscriptions, payment methods, invoices, contacts and managers."
      >
        {managers.isPending ? (
          <TableSkeleton label="Loading managers" />
        ) : managers.isError ? (
          <ErrorAlert error={managers.error} title="Could not load the managers" />
        ) : (
          <ManagersTable account={account} managers={managers.data} />
        )}
      </Section>

      {canChange ? (
        <Section
          id="invite-title"
          title="Invite a manager"
          description="Add a colleague who should manage this billing account with you."
        >
          <InviteManagerForm accountId={accountId} />
        </Section>
      ) : null}

      <Section
        id="invitations-title"
        title="Pending invitations"
        count={invitations.data?.length}
        description="Invitations that were not answered yet. Each link works for 7 days."
      >
        {invitations.isPending ? (
          <TableSkeleton label="Loading invitations" />
        ) : invitations.isError ? (
          <ErrorAlert error={invitations.error} title="Could not load the invitations" />
        ) : invitations.data.length === 0 ? (
          <EmptyState
            size="sm"
            py="lg"
            title="No pending invitations"
            description={canChange ? "Invitations you send appear here until they are answered." : undefined}
          />
        ) : (
          <InvitationsTable account={account} invitations={invitations.data} />
        )}
      </Section>
    </Stack>
  );
}

function Section({
  id,
  title,
  description,
  count,
  children,
}: {
  id: string;
  title: string;
  description: string;
  count?: number | undefined;
  children: ReactNode;
}) {
  return (
    <Card component="section" aria-labelledby={id}>
      <Stack gap={2} mb="md">
        <Group gap="xs">
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {count !== undefined ? (
            <Badge color="gray" variant="light" radius="xl" aria-hidden>
              {count}
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      {children}
    </Card>
  );
}

function TableSkeleton({ label }: { label: string }) {
  return (
    <Stack gap="sm" role="status" aria-label={label}>
      <Skeleton height={36} />
      <Skeleton height={36} />
    </Stack>
  );
}
