import { Button, Menu, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useLocation, useNavigate, useParams } from "@tanstack/react-router";
import { myAccountsQueryOptions } from "./api.js";

const SECTIONS = ["managers", "settings", "activity"] as const;

/**
 * The header's account switcher, shown to people who manage several billing accounts (Billfold
 * does not limit a user to one). Switching keeps the section: managers → the other's managers.
 */
export function AccountSwitcher() {
  const accounts = useQuery(myAccountsQueryOptions());
  const { accountId } = useParams({ strict: false });
  const { pathname } = useLocation();
  const navigate = useNavigate();
  if (!accounts.data || accounts.data.length < 2) return null;

  const current = accounts.data.find((account) => account.id === accountId);
  const section = SECTIONS.find((name) => pathname.endsWith(`/${name}`));

  const open = (id: string) => {
    if (section === "managers")
      void navigate({ to: "/billing-accounts/$accountId/managers", params: { accountId: id } });
    else if (section === "settings") {
      void navigate({ to: "/billing-accounts/$accountId/settings", params: { accountId: id } });
    } else if (section === "activity") {
      void navigate({ to: "/billing-accounts/$accountId/activity", params: { accountId: id } });
    } else void navigate({ to: "/billing-accounts/$accountId", params: { accountId: id } });
  };

  return (
    <Menu position="bottom-start" width={300} withinPortal={false}>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          rightSection={<Chevron />}
          aria-label={current ? `Switch billing account, current: ${current.companyName}` : "Switch billing account"}
          maw={240}
          visibleFrom="sm"
        >
          <Text component="span" size="sm" truncate="end">
            {current ? current.companyName : "Switch account"}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your billing accounts</Menu.Label>
        {accounts.data.map((account) => (
          <Menu.Item
            key={account.id}
            onClick={() => open(account.id)}
            aria-current={account.id === accountId ? "true" : undefined}
            fw={account.id === accountId ? 600 : undefined}
            rightSection={
              <Text size="xs" c="dimmed" ff="monospace">
                {account.accountNumber}
              </Text>
            }
          >
            {account.companyName}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={() => void navigate({ to: "/billing-accounts" })}>All billing accounts</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Chevron() {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <path d="M3 4.5 6 7.5 9 4.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
