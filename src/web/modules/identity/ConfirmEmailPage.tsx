import { Alert, Button, Stack, Text, Title } from "@mantine/core";
import { errorMessage, isApiError } from "../../api/client.js";
import { CenteredCard } from "../../ui/CenteredCard.js";
import { AnchorLink, ButtonLink } from "../../ui/links.js";
import { usePageTitle } from "../../ui/usePageTitle.js";
import { useConfirmEmail } from "./api.js";

/** `/confirm-email/:token` (I7): the token alone proves the address, signed in or not. */
export function ConfirmEmailPage({ token }: { token: string }) {
  usePageTitle("Confirm new email address");
  const confirm = useConfirmEmail();
  const dead = isApiError(confirm.error, 410) || isApiError(confirm.error, 400) || isApiError(confirm.error, 404);

  return (
    <CenteredCard>
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={1} size="h2">
            Confirm your new email address
          </Title>
          {confirm.isSuccess ? null : (
            <Text c="dimmed">Press the button to start using the new address for sign-in links and notices.</Text>
          )}
        </Stack>

        {confirm.isSuccess ? (
          <>
            <Alert color="green" variant="light" role="status" title="Email address confirmed">
              You now sign in with{" "}
              <Text span fw={600} size="sm">
                {confirm.data.email}
              </Text>
              .
            </Alert>
            <ButtonLink to="/profile" fullWidth>
              Go to your profile
            </ButtonLink>
          </>
        ) : null}

        {dead ? (
          <Alert color="orange" variant="light" role="alert" title="This link has expired or was already used">
            <Stack gap="xs">
              <Text size="sm">Confirmation links work once and expire after 24 hours.</Text>
              <AnchorLink to="/profile" size="sm" fw={600}>
                Send a new link from your profile
              </AnchorLink>
            </Stack>
          </Alert>
        ) : null}

        {confirm.error && !dead ? (
          <Alert color="red" variant="light" role="alert" title="Could not confirm the address">
            {errorMessage(confirm.error)}
          </Alert>
        ) : null}

        {confirm.isSuccess || dead ? null : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              confirm.mutate(token);
            }}
          >
            <Button type="submit" fullWidth size="md" loading={confirm.isPending}>
              Confirm new email address
            </Button>
          </form>
        )}
      </Stack>
    </CenteredCard>
  );
}
