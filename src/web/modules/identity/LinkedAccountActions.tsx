import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Me } from "../../../shared/identity.js";
import { OIDC_PROVIDER } from "../../../shared/oidc.js";
import { api, errorMessage } from "../../api/client.js";
import { useNotify } from "../../ui/notifications.js";
import { configQueryOptions, meKey } from "./api.js";

type Identity = Me["identities"][number];

/** The start route is a browser navigation: the server redirects to the provider and back. */
const LINK_HREF = `/api/v1/auth/oidc/start?intent=link&returnTo=${encodeURIComponent("/profile")}`;

function useUnlinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (provider: string) => api.delete<Me>(`/me/identities/${encodeURIComponent(provider)}`),
    onSuccess: (me) => queryClient.setQueryData(meKey, me),
  });
}

/**
 * I9 on the profile: **Link account** when none is linked, **Change linked account** (a fresh
 * sign-in at the provider) and **Unlink** when one is.
 */
export function LinkedAccountActions({ identities }: { identities: Identity[] }) {
  const config = useQuery(configQueryOptions());
  const label = config.data?.oidcLabel || "GitLab.com";
  const linked = identities.find((identity) => identity.provider === OIDC_PROVIDER) ?? null;
  const enabled = config.data?.oidcEnabled === true;

  if (!linked && !enabled) return null;
  return (
    <Stack gap="sm" mt="md">
      {linked ? (
        <LinkedActions identity={linked} label={label} canChange={enabled} />
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Link your {label} account to sign in with one click. You will be asked to sign in to {label}: sign in to the
            account you want to link.
          </Text>
          <Group>
            <Button component="a" href={LINK_HREF} variant="default">
              Link {label} account
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

function LinkedActions({ identity, label, canChange }: { identity: Identity; label: string; canChange: boolean }) {
  const unlink = useUnlinkIdentity();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const who = identity.username ? `@${identity.username}` : `your ${label} account`;

  if (confirming) {
    return (
      <Alert color="orange" variant="light" title={`Unlink ${who}?`}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            It will no longer sign in to this profile. You can still sign in with a one-time link sent to your email.
          </Text>
          {unlink.error ? (
            <Text size="sm" c="red.9" role="alert">
              {errorMessage(unlink.error)}
            </Text>
          ) : null}
          <Group gap="xs">
            <Button
              size="xs"
              color="red"
              loading={unlink.isPending}
              onClick={() =>
                unlink.mutate(identity.provider, {
                  onSuccess: () => {
                    setConfirming(false);
                    notify({ title: "Unlinked", message: `${who} no longer signs in to this profile.` });
                  },
                })
              }
            >
              Unlink
            </Button>
            <Button size="xs" variant="default" onClick={() => setConfirming(false)} disabled={unlink.isPending}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }

  return (
    <Stack gap="xs">
      {canChange ? (
        <Text size="sm" c="dimmed">
          To link another {label} account, choose Change linked account and sign in to {label} as that account.
        </Text>
      ) : null}
      <Group gap="xs">
        {canChange ? (
          <Button component="a" href={LINK_HREF} variant="default">
            Change linked account
          </Button>
        ) : null}
        <Button variant="subtle" color="red" onClick={() => setConfirming(true)}>
          Unlink
        </Button>
      </Group>
    </Stack>
  );
}
