import { Text } from "@mantine/core";
import { AnchorLink } from "../../ui/links.js";

export function DevMailboxHint() {
  return (
    <Text size="sm" c="dimmed" ta="center">
      No mail server configured:{" "}
      <AnchorLink to="/dev/mailbox" size="sm" fw={500}>
        open the development mailbox
      </AnchorLink>
    </Text>
  );
}
