import { List, Stack, Text, Title } from "@mantine/core";
import { CenteredCard } from "../../ui/CenteredCard.js";
import { ButtonLink } from "../../ui/links.js";
import { usePageTitle } from "../../ui/usePageTitle.js";

/** 410 (A5): the link was used, declined, revoked, replaced by a newer one, or never existed. */
export function InvitationGone({ message }: { message: string | null }) {
  usePageTitle("Invitation no longer valid");
  return (
    <CenteredCard>
      <Stack gap="md" align="flex-start">
        <Text fw={700} c="indigo.8" size="sm">
          410
        </Text>
        <Title order={1} size="h2">
          This invitation is no longer valid
        </Title>
        {message ? <Text>{message}</Text> : null}
        <Text size="sm" c="dimmed">
          An invitation link stops working when it is accepted, declined, withdrawn, or replaced by a newer invitation,
          and after 7 days.
        </Text>
        <List size="sm" c="dimmed" spacing={4}>
          <List.Item>Already accepted? Sign in to see the account.</List.Item>
          <List.Item>Otherwise, ask a manager of the account to invite you again.</List.Item>
        </List>
        <ButtonLink to="/">Go to Billfold</ButtonLink>
      </Stack>
    </CenteredCard>
  );
}
