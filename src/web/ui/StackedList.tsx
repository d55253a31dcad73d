// On phones a table becomes this: one card per row, each value under its column's name.
import { Box, Group, Paper, type PaperProps, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function StackedList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack component="ul" aria-label={label} gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
      {children}
    </Stack>
  );
}

export function StackedItem({
  children,
  ...props
}: PaperProps & { children: ReactNode; "data-testid"?: string | undefined }) {
  return (
    <Paper component="li" withBorder p="sm" {...props}>
      <Stack gap={8}>{children}</Stack>
    </Paper>
  );
}

/** One value of the row with its column's name. */
export function StackedField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" align="baseline" gap="xs" wrap="nowrap">
      <Text size="xs" c="dimmed" fw={600} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Box ta="right" style={{ minWidth: 0, overflowWrap: "anywhere" }}>
        {children}
      </Box>
    </Group>
  );
}
