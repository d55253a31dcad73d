import { Button, Stack, Title } from "@mantine/core";
import { type ErrorComponentProps, useRouter } from "@tanstack/react-router";
import { ErrorAlert } from "./ErrorAlert.js";
import { usePageTitle } from "./usePageTitle.js";

/** What a route shows when its loader or component throws. */
export function RouteError({ error }: ErrorComponentProps) {
  usePageTitle("Something went wrong");
  const router = useRouter();
  return (
    <Stack gap="lg" maw={560} mx="auto" mt="xl">
      <Title order={1} size="h2">
        Something went wrong
      </Title>
      <ErrorAlert error={error} title="The page could not be shown" />
      <Button variant="default" onClick={() => void router.invalidate()} w="fit-content">
        Try again
      </Button>
    </Stack>
  );
}
