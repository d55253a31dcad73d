import { Button, Popover, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useLocation, useParams } from "@tanstack/react-router";
import { useState } from "react";
import type { BillingAccountSummary } from "../../../shared/accounts.js";
import { NavItemLink } from "../../ui/links.js";
import { myAccountsQueryOptions } from "./api.js";

const SECTIONS = {
  managers: "/billing-accounts/$accountId/managers",
  settings: "/billing-accounts/$accountId/settings",
  activity: "/billing-accounts/$accountId/activity",
} as const;

/** The accounts to switch between: only people who manage several get a switcher. */
export function useSwitchableAccounts(): BillingAccountSummary[] {
  const accounts = useQuery(myAccountsQueryOptions());
  return accounts.data && accounts.data.length >= 2 ? accounts.data : [];
}

/**
 * The billing accounts as links, the current one marked; switching keeps the section
 * (managers → the other's managers). Shared by the header's switcher and the phone menu.
 * Links in a list rather than an ARIA menu: they navigate, and a list needs no menu roles.
 */
export function AccountLinks({ accounts, onNavigate }: { accounts: BillingAccountSummary[]; onNavigate?: () => void }) {
  const { accountId } = useParams({ strict: false });
  const { pathname } = useLocation();
  const section = (Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).find((name) => pathname.endsWith(`/${name}`));
  const to = section ? SECTIONS[section] : "/billing-accounts/$accountId";
  return (
    <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: "none" }}>
      {accounts.map((account) => (
        <li key={account.id}>
          <NavItemLink
            to={to}
            params={{ accountId: account.id }}
            active={account.id === accountId}
            aria-current={account.id === accountId ? "page" : undefined}
            label={account.companyName}
            description={account.accountNumber}
            onClick={onNavigate}
          />
        </li>
      ))}
      <li>
        <NavItemLink
          to="/billing-accounts"
          activeOptions={{ exact: true }}
          label="All billing accounts"
          onClick={onNavigate}
        />
      </li>
    </Stack>
  );
}

/** The header's account switcher (wide screens; phones get the same links in the menu). */
export function AccountSwitcher() {
  const accounts = useSwitchableAccounts();
  const { accountId } = useParams({ strict: false });
  const [opened, setOpened] = useState(false);
  if (accounts.length === 0) return null;
  const current = accounts.find((account) => account.id === accountId);

  return (
    <Popover position="bottom-start" width={300} opened={opened} onChange={setOpened} withinPortal={false} shadow="md">
      <Popover.Target>
        <Button
          variant="default"
          size="sm"
          rightSection={<Chevron />}
          aria-label={current ? `Switch billing account, current: ${current.companyName}` : "Switch billing account"}
          maw={240}
          onClick={() => setOpened((open) => !open)}
        >
          <Text component="span" size="sm" truncate="end">
            {current ? current.companyName : "Switch account"}
          </Text>
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={4} aria-label="Your billing accounts">
        <Text size="xs" c="dimmed" fw={600} px="sm" py={6}>
          Your billing accounts
        </Text>
        <AccountLinks accounts={accounts} onNavigate={() => setOpened(false)} />
      </Popover.Dropdown>
    </Popover>
  );
}

function Chevron() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <path d="M3 4.5 6 7.5 9 4.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
