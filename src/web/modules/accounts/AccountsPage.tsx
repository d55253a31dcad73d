import { Button, Card, EmptyState, Group, Modal, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { useNotify } from "../../ui/notifications.js";
import { usePageTitle } from "../../ui/usePageTitle.js";
import { MyInvitations } from "../invitations/MyInvitations.js";
import { AccountsTable } from "./AccountsTable.js";
import { myAccountsQueryOptions } from "./api.js";
import { CreateAccountForm } from "./CreateAccountForm.js";

/** `/billing-accounts`: the accounts I manage, invitations waiting for me, and a new account. */
export function AccountsPage() {
  usePageTitle("Billing accounts");
  const accounts = useQuery(myAccountsQueryOptions());
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const notify = useNotify();

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
        <Stack gap={4}>
          <Title order={1} size="h2">
            Billing accounts
          </Title>
          <Text c="dimmed">The companies you manage subscriptions, invoices and contacts for.</Text>
        </Stack>
        <Button onClick={() => setCreating(true)}>New billing account</Button>
      </Group>

      <MyInvitations />

      <Card padding={0} component="section" aria-label="Your billing accounts">
        {accounts.isPending ? (
          <Stack p="lg" gap="sm" role="status" aria-label="Loading billing accounts">
            <Skeleton height={20} />
            <Skeleton height={20} />
            <Skeleton height={20} width="60%" />
          </Stack>
        ) : accounts.isError ? (
          <Stack p="lg">
            <ErrorAlert error={accounts.error} title="Could not load your billing accounts" />
          </Stack>
        ) : accounts.data.length === 0 ? (
          <EmptyState
            py={48}
            px="lg"
            title="You don't manage a billing account yet"
            description="Create one for your company, or ask a manager of an existing account to invite you."
          >
            <EmptyState.Actions>
              <Button onClick={() => setCreating(true)}>Create a billing account</Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          <AccountsTable accounts={accounts.data} />
        )}
      </Card>

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title="New billing account"
        size="lg"
        centered
        closeButtonProps={{ "aria-label": "Close" }}
      >
        <CreateAccountForm
          onCancel={() => setCreating(false)}
          onCreated={(account) => {
            setCreating(false);
            notify({
              title: "Billing account created",
              message: `${account.companyName} (${account.accountNumber}) is ready. You are its subscription contact.`,
            });
            void navigate({ to: "/billing-accounts/$accountId", params: { accountId: account.id } });
          }}
        />
      </Modal>
    </Stack>
  );
}
