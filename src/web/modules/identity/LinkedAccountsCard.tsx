import { Card, Group, Stack, Text } from "@mantine/core";
import type { Me } from "../../../shared/identity.js";
import { LinkedAccountActions } from "./LinkedAccountActions.js";
import { SectionTitle } from "./SectionTitle.js";

type Identity = Me["identities"][number];

const providerNames: Record<string, string> = { gitlab: "GitLab.com", oidc: "GitLab.com" };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Sign-in identities linked to the profile (I9), with Link / Change linked account / Unlink. */
export function LinkedAccountsCard({ identities }: { identities: Identity[] }) {
  return (
    <Card component="section" aria-labelledby="linked-title">
      <SectionTitle
        id="linked-title"
        title="Linked accounts"
        description="Other ways to sign in besides a one-time link sent to your email."
      />
      {identities.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-linked-accounts">
          No accounts are linked yet.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {identities.map((identity) => (
            <IdentityRow key={identity.provider} identity={identity} />
          ))}
        </Stack>
      )}
      <LinkedAccountActions identities={identities} />
    </Card>
  );
}

function IdentityRow({ identity }: { identity: Identity }) {
  const linkedAt = new Date(identity.linkedAt);
  return (
    <Group component="li" justify="space-between" wrap="wrap" gap="xs">
      <div>
        <Text fw={600}>{providerNames[identity.provider] ?? identity.provider}</Text>
        {identity.username ? (
          <Text size="sm" c="dimmed">
            @{identity.username}
          </Text>
        ) : null}
      </div>
      <Text size="sm" c="dimmed">
        Linked {Number.isNaN(linkedAt.getTime()) ? identity.linkedAt : dateFormat.format(linkedAt)}
      </Text>
    </Group>
  );
}
