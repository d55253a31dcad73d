import { Group, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";

/** The product mark; links to the start page. */
export function Brand() {
  return (
    <Link to="/" style={{ textDecoration: "none", color: "inherit" }} aria-label="Billfold home">
      <Group gap={10} wrap="nowrap">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        <Text component="span" fw={700} fz="lg" c="dark.8">
          Billfold
        </Text>
      </Group>
    </Link>
  );
}
