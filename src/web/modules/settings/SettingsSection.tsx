import { Card, Grid, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

interface SettingsSectionProps {
  /** The section's anchor (`#id`) and the prefix of its heading id. */
  id: string;
  title: string;
  description: ReactNode;
  children: ReactNode;
}

/** A settings card: what it is about on the left, the fields on the right (stacked on phones). */
export function SettingsSection({ id, title, description, children }: SettingsSectionProps) {
  return (
    <Card component="section" id={id} aria-labelledby={`${id}-title`} padding="xl" style={{ scrollMarginTop: 80 }}>
      <Grid gap={{ base: "md", md: "xl" }}>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap={6}>
            <Title order={2} size="h4" id={`${id}-title`}>
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>{children}</Grid.Col>
      </Grid>
    </Card>
  );
}
