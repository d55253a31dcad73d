import { Avatar, Burger, Button, Divider, Drawer, Group, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useLocation } from "@tanstack/react-router";
import { useEffect } from "react";
import type { Me } from "../../shared/identity.js";
import { AccountLinks, useSwitchableAccounts } from "../modules/accounts/AccountSwitcher.js";
import { displayName, initials } from "../modules/identity/names.js";
import { useSignOutAction } from "../modules/identity/UserMenu.js";
import { NavItemLink } from "./links.js";
import { visibleNavItems } from "./nav.js";

/**
 * Phones (below `sm`): one menu button holds what the wide header shows in a row — the
 * navigation, the account switcher and the user's Profile / Sign out (issue 13, item 1).
 */
export function PhoneMenu({ me }: { me: Me }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const accounts = useSwitchableAccounts();
  const signOut = useSignOutAction();
  const { pathname } = useLocation();

  // A link was followed: the menu has done its job.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the path changes
  useEffect(() => close(), [pathname]);

  return (
    <>
      <Burger opened={opened} onClick={toggle} size="sm" aria-label={opened ? "Close menu" : "Open menu"} />
      <Drawer
        opened={opened}
        onClose={close}
        position="right"
        size="min(320px, 88vw)"
        title="Menu"
        closeButtonProps={{ "aria-label": "Close menu" }}
      >
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap">
            <Avatar size={36} color="indigo" radius="xl" alt="">
              {initials(me)}
            </Avatar>
            <div style={{ minWidth: 0 }}>
              <Text fw={600} truncate="end">
                {displayName(me)}
              </Text>
              <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {me.email}
              </Text>
            </div>
          </Group>
          <nav aria-label="Main">
            <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: "none" }}>
              {visibleNavItems(me.isStaff).map((item) => (
                <li key={item.to}>
                  <NavItemLink to={item.to} label={item.label} />
                </li>
              ))}
            </Stack>
          </nav>
          {accounts.length > 0 ? (
            <nav aria-labelledby="phone-accounts-title">
              <Divider mb="sm" />
              <Text id="phone-accounts-title" size="xs" c="dimmed" fw={600} px="sm" pb={4}>
                Your billing accounts
              </Text>
              <AccountLinks accounts={accounts} onNavigate={close} />
            </nav>
          ) : null}
          <Divider />
          <Stack gap="xs">
            <Button variant="default" onClick={() => signOut.run("here")} loading={signOut.isPending}>
              Sign out
            </Button>
            <Button variant="subtle" color="gray" c="dark.7" onClick={() => signOut.run("everywhere")}>
              Sign out everywhere
            </Button>
          </Stack>
        </Stack>
      </Drawer>
    </>
  );
}
