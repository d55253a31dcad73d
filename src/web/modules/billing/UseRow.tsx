import { Box, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useIsPhone } from "../../ui/useIsPhone.js";

/**
 * One line of "what to do next" on a subscription card (S2–S4): a label, what is there now, and
 * its actions on the right (under it, full width, on phones).
 */
export function UseRow({ label, value, actions }: { label: string; value: ReactNode; actions?: ReactNode }) {
  const isPhone = useIsPhone();
  return (
    <Group justify="space-between" align={isPhone ? "stretch" : "center"} gap="sm" wrap="wrap">
      <Box style={{ flex: "1 1 260px", minWidth: 0 }}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
          {label}
        </Text>
        {value}
      </Box>
      {actions ? <Box style={isPhone ? { flex: "1 1 100%" } : { flexShrink: 0 }}>{actions}</Box> : null}
    </Group>
  );
}
