import { Group } from "@mantine/core";
import { ButtonLink } from "./links.js";
import { visibleNavItems } from "./nav.js";

export function MainNav({ isStaff }: { isStaff: boolean }) {
  return (
    <Group component="nav" aria-label="Main" gap={4} wrap="nowrap">
      {visibleNavItems(isStaff).map((item) => (
        <ButtonLink
          key={item.to}
          to={item.to}
          variant="subtle"
          color="dark"
          size="sm"
          activeProps={{ variant: "light", color: "indigo" }}
        >
          {item.label}
        </ButtonLink>
      ))}
    </Group>
  );
}
