import { Avatar, Button, Menu, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import type { Me } from "../../../shared/identity.js";
import { useNotify } from "../../ui/notifications.js";
import { type SignOutScope, useSignOut } from "./api.js";
import { displayName, initials } from "./names.js";

/** Signs out here or everywhere, then shows the sign-in page; used by the user menu and the phone menu. */
export function useSignOutAction() {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const notify = useNotify();
  const run = (scope: SignOutScope) => {
    signOut.mutate(scope, {
      onSuccess: () => {
        void navigate({ to: "/sign-in" });
        if (scope === "everywhere") notify({ message: "You are signed out on every device.", color: "indigo" });
      },
      onError: (error) => notify({ title: "Could not sign out", message: error.message, color: "red" }),
    });
  };
  return { run, isPending: signOut.isPending };
}

/** The header's menu for the signed-in person, labelled with their name (their email when unnamed). */
export function UserMenu({ me }: { me: Me }) {
  const signOut = useSignOutAction();
  const navigate = useNavigate();
  const name = displayName(me);

  return (
    <Menu position="bottom-end" width={260} withinPortal={false} withInitialFocusPlaceholder={false}>
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
          aria-label={`Account menu for ${name}`}
        >
          <Text component="span" fz="sm" maw={200} truncate="end">
            {name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as{" "}
          <Text span fz="xs" fw={600} style={{ overflowWrap: "anywhere" }}>
            {me.email}
          </Text>
        </Menu.Label>
        <Menu.Item onClick={() => void navigate({ to: "/profile" })}>Profile</Menu.Item>
        <Menu.Divider />
        <Menu.Item onClick={() => signOut.run("here")}>Sign out</Menu.Item>
        <Menu.Item onClick={() => signOut.run("everywhere")}>Sign out everywhere</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
