import { Avatar, Button, Menu, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import type { Me } from "../../../shared/identity.js";
import { useNotify } from "../../ui/notifications.js";
import { type SignOutScope, useSignOut } from "./api.js";
import { displayName, initials } from "./names.js";

export function UserMenu({ me }: { me: Me }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const notify = useNotify();

  const onSignOut = (scope: SignOutScope) => {
    signOut.mutate(scope, {
      onSuccess: () => {
        void navigate({ to: "/sign-in" });
        if (scope === "everywhere") notify({ message: "You are signed out on every device.", color: "indigo" });
      },
      onError: (error) => notify({ title: "Could not sign out", message: error.message, color: "red" }),
    });
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal={false} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          c="dark.7"
          loading={signOut.isPending}
          leftSection={
            <Avatar size={28} color="indigo" radius="xl" alt="">
              {initials(me)}
            </Avatar>
          }
          px="xs"
          aria-label={`Account menu for ${me.email}`}
        >
          <Text component="span" fz="sm" visibleFrom="sm" maw={240} truncate="end">
            {me.email}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {displayName(me)}</Menu.Label>
        <Menu.Item onClick={() => void navigate({ to: "/profile" })}>Profile</Menu.Item>
        <Menu.Divider />
        <Menu.Item onClick={() => onSignOut("here")}>Sign out</Menu.Item>
        <Menu.Item onClick={() => onSignOut("everywhere")}>Sign out everywhere</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
