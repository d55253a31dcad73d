import { Stack, Text, Title } from "@mantine/core";
import { CenteredCard } from "./CenteredCard.js";
import { ButtonLink } from "./links.js";
import { usePageTitle } from "./usePageTitle.js";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <CenteredCard>
      <Stack gap="lg" align="flex-start">
        <Text fw={700} c="indigo.8" size="sm">
          404
        </Text>
        <Title order={1} size="h2">
          Page not found
        </Title>
        <Text c="dimmed">The address may be mistyped, or the page may have moved.</Text>
        <ButtonLink to="/">Go to the start page</ButtonLink>
      </Stack>
    </CenteredCard>
  );
}
