import { Badge, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Outlet } from "@tanstack/react-router";
import { isApiError } from "../../api/client.js";
import { CenteredCard } from "../../ui/CenteredCard.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { ButtonLink } from "../../ui/links.js";
import { PageLoader } from "../../ui/PageLoader.js";
import { usePageTitle } from "../../ui/usePageTitle.js";
import { AccountTabs } from "./AccountTabs.js";
import { accountQueryOptions } from "./api.js";
import { ChannelBadge } from "./ChannelBadge.js";

/**
 * `/billing-accounts/:id/…`: the account's name (the page's h1), number and channel, the section
 * tabs, and the section below. Not one of your accounts → 404 (A2), said plainly.
 */
export function AccountLayout({ accountId }: { accountId: string }) {
  const account = useQuery(accountQueryOptions(accountId));
  if (account.isPending) return <PageLoader label="Loading the billing account" />;
  if (isApiError(account.error, 404) || isApiError(account.error, 400)) return <AccountNotFound />;
  if (account.isError) return <ErrorAlert error={account.error} title="Could not load the billing account" />;
  const data = account.data;
  return (
    <Stack gap="lg">
      <Stack gap="md">
        <Stack gap={6}>
          <Text size="sm" c="dimmed" fw={500}>
            Billing account
          </Text>
          <Group gap="sm" align="center" wrap="wrap">
            <Title order={1} size="h2">
              {data.companyName}
            </Title>
            <ChannelBadge channel={data.channel} resellerName={data.resellerName} />
            {data.access === "staff" ? (
              <Badge color="gray" variant="outline" radius="sm">
                Staff view · read-only
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            Account number{" "}
            <Text span ff="monospace" size="sm" c="dark.7">
              {data.accountNumber}
            </Text>
            {" · "}
            {data.currency}
          </Text>
        </Stack>
        <AccountTabs accountId={accountId} />
      </Stack>
      <Outlet />
    </Stack>
  );
}

function AccountNotFound() {
  usePageTitle("Billing account not found");
  return (
    <CenteredCard>
      <Stack gap="md" align="flex-start">
        <Title order={1} size="h2">
          Billing account not found
        </Title>
        <Text c="dimmed">
          It does not exist, or you are not one of its managers. If you were removed, ask a manager to invite you again.
        </Text>
        <ButtonLink to="/billing-accounts">Your billing accounts</ButtonLink>
      </Stack>
    </CenteredCard>
  );
}
