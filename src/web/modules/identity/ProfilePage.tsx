import { SimpleGrid, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Navigate } from "@tanstack/react-router";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { PageHeader } from "../../ui/PageHeader.js";
import { PageLoader } from "../../ui/PageLoader.js";
import { MyInvitations } from "../invitations/MyInvitations.js";
import { configQueryOptions, meQueryOptions } from "./api.js";
import { EmailCard } from "./EmailCard.js";
import { LinkedAccountsCard } from "./LinkedAccountsCard.js";
import { NameCard } from "./NameCard.js";
import { OidcProfileNotice } from "./OidcProfileNotice.js";

/** `/profile`: the signed-in user's names, email (with pending change, I7) and linked accounts. */
export function ProfilePage() {
  const me = useQuery(meQueryOptions());
  const config = useQuery(configQueryOptions());
  if (me.isPending) return <PageLoader label="Loading your profile" />;
  if (me.isError) return <ErrorAlert error={me.error} title="Could not load your profile" />;
  if (me.data === null) return <Navigate to="/sign-in" />;
  return (
    <Stack gap={0}>
      <PageHeader title="Profile" description="How you sign in to Billfold and how we address you." />
      <Stack gap="lg">
        <OidcProfileNotice />
        {/* Invited before having an account: this is where such a person lands (issue 13). */}
        <MyInvitations />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <NameCard me={me.data} />
          <EmailCard me={me.data} />
        </SimpleGrid>
        {/* Nothing to link without GitLab sign-in; a link made earlier still shows, to be removed. */}
        {config.data?.oidcEnabled || me.data.identities.length > 0 ? (
          <LinkedAccountsCard identities={me.data.identities} />
        ) : null}
      </Stack>
    </Stack>
  );
}
