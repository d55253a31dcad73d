import { AppShell, Box, Container, Group } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Outlet } from "@tanstack/react-router";
import { AccountSwitcher } from "../modules/accounts/AccountSwitcher.js";
import { meQueryOptions } from "../modules/identity/api.js";
import { UserMenu } from "../modules/identity/UserMenu.js";
import { Brand } from "./Brand.js";
import { MainNav } from "./MainNav.js";
import { PhoneMenu } from "./PhoneMenu.js";
import { SkipLink } from "./SkipLink.js";
import { useFocusHeadingOnNavigate } from "./useFocusHeadingOnNavigate.js";

const MAIN_ID = "main";

/**
 * Header and the main landmark around every page. Wide screens show the navigation, account
 * switcher and user menu in a row; phones show them behind one menu button (PhoneMenu).
 */
export function AppLayout() {
  const { data: me } = useQuery(meQueryOptions());
  useFocusHeadingOnNavigate(MAIN_ID);
  return (
    <AppShell header={{ height: 64 }} padding="md">
      <SkipLink target={MAIN_ID} />
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap" gap="md">
            <Group gap="xl" wrap="nowrap">
              <Brand />
              {me ? (
                <Box visibleFrom="sm">
                  <MainNav isStaff={me.isStaff} />
                </Box>
              ) : null}
            </Group>
            {me ? (
              <>
                <Group gap="sm" wrap="nowrap" visibleFrom="sm">
                  <AccountSwitcher />
                  <UserMenu me={me} />
                </Group>
                <Box hiddenFrom="sm">
                  <PhoneMenu me={me} />
                </Box>
              </>
            ) : null}
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main id={MAIN_ID} tabIndex={-1} style={{ outline: "none" }}>
        <Container size="lg" px={{ base: 0, sm: "md" }} py="md">
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
