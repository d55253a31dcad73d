import { Anchor, Avatar, Card, DataList, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { BillingAccount, Contacts } from "../../../shared/accounts.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { AnchorLink } from "../../ui/links.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { AccountWarnings } from "./AccountWarnings.js";
import { contactsQueryOptions, managersQueryOptions } from "./api.js";
import { ChannelBadge } from "./ChannelBadge.js";
import { CompanyDataItems } from "./CompanyDataItems.js";
import { currencyName, initialsOf, personName } from "./format.js";
import { useAccount } from "./useAccount.js";

/** `/billing-accounts/:id`: company details, contacts and managers at a glance, and A9 prompts. */
export function AccountOverviewPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Overview");
  if (!account) return null;
  return (
    <Stack gap="lg">
      <AccountWarnings accountId={accountId} warnings={account.warnings} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <CompanyCard account={account} />
        <ContactsCard accountId={accountId} />
      </SimpleGrid>
      <ManagersCard accountId={accountId} />
    </Stack>
  );
}

function CardHeader({ id, title, link }: { id: string; title: string; link?: React.ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="nowrap">
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {link}
    </Group>
  );
}

function CompanyCard({ account }: { account: BillingAccount }) {
  const isPhone = useIsPhone();
  return (
    <Card component="section" aria-labelledby="company-title">
      <CardHeader
        id="company-title"
        title="Company"
        link={
          <AnchorLink to="/billing-accounts/$accountId/settings" params={{ accountId: account.id }} size="sm">
            {account.companyDetailsEditable ? "Edit" : "View settings"}
          </AnchorLink>
        }
      />
      <DataList labelWidth={120} gap="sm" withDivider orientation={isPhone ? "vertical" : "horizontal"}>
        <CompanyDataItems account={account} nameLabel="Name" />
        <DataList.Item>
          <DataList.ItemLabel>Currency</DataList.ItemLabel>
          <DataList.ItemValue>
            {account.currency} · {currencyName(account.currency)}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Channel</DataList.ItemLabel>
          <DataList.ItemValue>
            <ChannelBadge channel={account.channel} resellerName={account.resellerName} />
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </Card>
  );
}

function ContactsCard({ accountId }: { accountId: string }) {
  const contacts = useQuery(contactsQueryOptions(accountId));
  return (
    <Card component="section" aria-labelledby="contacts-title">
      <CardHeader
        id="contacts-title"
        title="Contacts"
        link={
          <AnchorLink to="/billing-accounts/$accountId/settings" params={{ accountId }} hash="contacts" size="sm">
            Change
          </AnchorLink>
        }
      />
      {contacts.isPending ? (
        <Stack gap="sm">
          <Skeleton height={18} />
          <Skeleton height={18} width="70%" />
        </Stack>
      ) : contacts.isError ? (
        <ErrorAlert error={contacts.error} title="Could not load the contacts" />
      ) : (
        <ContactsSummary contacts={contacts.data} />
      )}
    </Card>
  );
}

function ContactsSummary({ contacts }: { contacts: Contacts }) {
  // Wide enough for "Subscription contact", so both values start at the same place.
  const { subscriptionContact: sub, billingContact: bill } = contacts;
  const billingNote =
    bill.type === "subscription_contact"
      ? "Same as the subscription contact"
      : bill.type === "custom"
        ? "Custom contact, without portal access"
        : "A manager of this account";
  const isPhone = useIsPhone();
  return (
    <DataList labelWidth={160} gap="sm" withDivider orientation={isPhone ? "vertical" : "horizontal"}>
      <DataList.Item>
        <DataList.ItemLabel>Subscription contact</DataList.ItemLabel>
        <DataList.ItemValue>
          <Text size="sm" fw={600}>
            {sub.userId ? personName(sub) : "No contact chosen"}
          </Text>
          {sub.email ? (
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {sub.email}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            Receives subscription notices and licenses.
          </Text>
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>Billing contact</DataList.ItemLabel>
        <DataList.ItemValue>
          <Text size="sm" fw={600}>
            {personName(bill)}
          </Text>
          {bill.email ? (
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {bill.email}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {billingNote}. Receives invoices.
          </Text>
        </DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function ManagersCard({ accountId }: { accountId: string }) {
  const managers = useQuery(managersQueryOptions(accountId));
  return (
    <Card component="section" aria-labelledby="managers-title">
      <CardHeader
        id="managers-title"
        title="Managers"
        link={
          <AnchorLink to="/billing-accounts/$accountId/managers" params={{ accountId }} size="sm">
            Manage managers
          </AnchorLink>
        }
      />
      {managers.isPending ? (
        <Skeleton height={32} />
      ) : managers.isError ? (
        <ErrorAlert error={managers.error} title="Could not load the managers" />
      ) : (
        <Group gap="lg" wrap="wrap">
          {managers.data.map((manager) => (
            <Group key={manager.userId} gap="xs" wrap="nowrap">
              <Avatar size={32} radius="xl" color="indigo" alt="">
                {initialsOf(manager)}
              </Avatar>
              <div>
                <Text size="sm" fw={600}>
                  {personName(manager)}
                  {manager.isYou ? " (you)" : ""}
                </Text>
                <Anchor href={`mailto:${manager.email}`} size="xs" c="dimmed">
                  {manager.email}
                </Anchor>
              </div>
            </Group>
          ))}
        </Group>
      )}
    </Card>
  );
}
