import { Card, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useIsPhone } from "../../ui/useIsPhone.js";

interface BillingSectionProps {
  id: string;
  title: string;
  description?: ReactNode;
  /** The section's primary action, top right (below the title on phones). */
  action?: ReactNode;
  children: ReactNode;
}

/** A money page's card: title and description, its one primary action, then the content. */
export function BillingSection({ id, title, description, action, children }: BillingSectionProps) {
  const isPhone = useIsPhone();
  return (
    <Card component="section" aria-labelledby={id} padding={isPhone ? "md" : "xl"}>
      <Group justify="space-between" align="flex-start" gap="md" mb="lg" wrap="wrap">
        <Stack gap={4} style={{ flex: "1 1 260px", minWidth: 0 }}>
          <Title order={2} size="h3" id={id}>
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {action}
      </Group>
      {children}
    </Card>
  );
}
