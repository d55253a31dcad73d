import { AppShell, Container, Group } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Outlet } from "@tanstack/react-router";
import { AccountSwitcher } from "../modules/accounts/AccountSwitcher.js";
import { meQueryOptions } from "../modules/identity/api.js";
import { UserMenu } from "../modules/identity/UserMenu.js";
import { Brand } from "./Brand.js";
import { MainNav } from "./MainNav.js";

/** Header (brand, navigation, user menu) and the main landmark around every page. */
export function AppLayout() {
  const { data: me } = useQuery(meQueryOptions());
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap" gap="md">
            <Group gap="xl" wrap="nowrap">
              <Brand />
              {me ? <MainNav isStaff={me.isStaff} /> : null}
            </Group>
            {me ? (
              <Group gap="sm" wrap="nowrap">
                <AccountSwitcher />
                <UserMenu me={me} />
              </Group>
            ) : null}
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg" px={{ base: 0, sm: "md" }} py="md">
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
