import { Badge, Card, Group, Stack, Text } from "@mantine/core";
import type { Me } from "../../../shared/identity.js";
import { EmailChangeForm } from "./EmailChangeForm.js";
import { PendingEmail } from "./PendingEmail.js";
import { SectionTitle } from "./SectionTitle.js";

/** The sign-in address, its confirmation state, and the email change of I7. */
export function EmailCard({ me }: { me: Me }) {
  return (
    <Card component="section" aria-labelledby="email-title">
      <SectionTitle id="email-title" title="Email address" description="Sign-in links and notices go here." />
      <Stack gap="md">
        <Group gap="sm" wrap="wrap">
          <Text fw={600} style={{ overflowWrap: "anywhere" }} data-testid="profile-email">
            {me.email}
          </Text>
          {me.emailConfirmed ? null : (
            <Badge color="orange" variant="light" radius="sm">
              Email not yet confirmed
            </Badge>
          )}
        </Group>
        {me.pendingEmail ? <PendingEmail pendingEmail={me.pendingEmail} /> : null}
        <EmailChangeForm currentEmail={me.email} />
      </Stack>
    </Card>
  );
}
