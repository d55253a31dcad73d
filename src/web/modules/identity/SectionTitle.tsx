import { Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

interface SectionTitleProps {
  /** Lets the section name itself: `aria-labelledby={id}`. */
  id: string;
  title: string;
  description?: ReactNode;
}

/** A card's h2 with an optional one-line description. */
export function SectionTitle({ id, title, description }: SectionTitleProps) {
  return (
    <Stack gap={2} mb="md">
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {description ? (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      ) : null}
    </Stack>
  );
}
