import { Alert, Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { InvitationAccepted, InvitationPreview } from "../../../shared/accounts.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { CenteredCard } from "../../ui/CenteredCard.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { ButtonLink } from "../../ui/links.js";
import { useNotify } from "../../ui/notifications.js";
import { PageLoader } from "../../ui/PageLoader.js";
import { usePageTitle } from "../../ui/usePageTitle.js";
import {
  invitationPreviewQueryOptions,
  useAcceptInvitationByToken,
  useDeclineInvitationByToken,
} from "../accounts/api.js";
import { formatDate } from "../accounts/format.js";
import { meQueryOptions, useSignOut } from "../identity/api.js";
import { InvitationGone } from "./InvitationGone.js";

/**
 * `/invitations/:token`, the emailed link (A4, A5). Opening it only reads (GET); accepting and
 * declining are buttons (POST), so mail scanners that prefetch links change nothing.
 */
export function InvitationPage({ token }: { token: string }) {
  usePageTitle("Invitation");
  const preview = useQuery(invitationPreviewQueryOptions(token));
  const decline = useDeclineInvitationByToken();

  if (preview.isPending) {
    return (
      <CenteredCard>
        <PageLoader label="Loading the invitation" />
      </CenteredCard>
    );
  }
  if (isApiError(preview.error, 410) || isApiError(preview.error, 400)) {
    return <InvitationGone code={preview.error.status === 410 ? preview.error.code : null} />;
  }
  if (preview.isError) {
    return (
      <CenteredCard>
        <Stack gap="md">
          <Title order={1} size="h2">
            Invitation
          </Title>
          <ErrorAlert error={preview.error} title="Could not load the invitation" />
          <Button variant="default" onClick={() => void preview.refetch()} w="fit-content">
            Try again
          </Button>
        </Stack>
      </CenteredCard>
    );
  }
  if (decline.isSuccess) return <Declined companyName={preview.data.companyName} />;
  return <InvitationDetails token={token} invitation={preview.data} decline={decline} />;
}

/**
 * R2, I6: accepted, but the new profile's sign-in is not activated (a reseller customer under the
 * older handbook's rule): the person is a manager, is not signed in, and is told whom to contact.
 */
function AcceptedLoginNotActivated({
  companyName,
  notice,
}: {
  companyName: string;
  notice: NonNullable<InvitationAccepted["loginNotActivated"]>;
}) {
  return (
    <Stack gap="md">
      <Alert color="green" variant="light" title="Invitation accepted">
        You are now a manager of {companyName}.
      </Alert>
      <Alert color="orange" variant="light" role="alert" title={`Contact ${notice.resellerName} to sign in`}>
        {notice.message}
      </Alert>
    </Stack>
  );
}

function InvitationDetails({
  token,
  invitation,
  decline,
}: {
  token: string;
  invitation: InvitationPreview;
  decline: ReturnType<typeof useDeclineInvitationByToken>;
}) {
  const inviter = invitation.invitedBy;
  const expired = invitation.state === "expired";
  return (
    <CenteredCard>
      <Stack gap="lg">
        <Stack gap={6}>
          <Text size="sm" fw={600} c="indigo.8">
            Invitation to manage a billing account
          </Text>
          <Title order={1} size="h2">
            {expired ? "This invitation has expired" : `Join ${invitation.companyName}`}
          </Title>
        </Stack>
        <Text>
          {inviter ? (
            <>
              <strong>{inviter.name}</strong>
              {inviter.name !== inviter.email ? ` (${inviter.email})` : ""}
            </>
          ) : (
            "A manager"
          )}{" "}
          invited <strong style={{ overflowWrap: "anywhere" }}>{invitation.email}</strong> to become a billing account
          manager of <strong>{invitation.companyName}</strong>.
        </Text>
        {expired ? (
          <Alert color="orange" variant="light" title={`Expired on ${formatDate(invitation.expiresAt)}`}>
            Invitations work for 7 days.{" "}
            {inviter ? (
              <>
                Ask <Anchor href={`mailto:${inviter.email}`}>{inviter.name}</Anchor> to invite you again.
              </>
            ) : (
              "Ask a manager of the account to invite you again."
            )}
          </Alert>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Managers see and change the account's subscriptions, payment methods, invoices, contacts and managers.
              This invitation expires on {formatDate(invitation.expiresAt)}.
            </Text>
            <Answer token={token} invitation={invitation} decline={decline} />
          </>
        )}
      </Stack>
    </CenteredCard>
  );
}

/** What the visitor can do depends on who they are signed in as, and whether the address has a profile. */
function Answer({
  token,
  invitation,
  decline,
}: {
  token: string;
  invitation: InvitationPreview;
  decline: ReturnType<typeof useDeclineInvitationByToken>;
}) {
  const me = useQuery(meQueryOptions());
  const accept = useAcceptInvitationByToken();
  const signOut = useSignOut();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const notify = useNotify();
  const previewKey = invitationPreviewQueryOptions(token).queryKey;

  // The API calls an unconfirmed address "someone else" (A5 needs a confirmed one): say what to do.
  if (invitation.signedInAsOther && me.data?.email.toLowerCase() === invitation.email.toLowerCase()) {
    return (
      <Alert color="yellow" variant="light" title="Confirm your email address first">
        Your profile's address {invitation.email} is not confirmed yet. Sign in with a link sent to it, then open this
        invitation again.
      </Alert>
    );
  }

  if (invitation.signedInAsOther) {
    return (
      <Alert color="yellow" variant="light" title="You are signed in with another address">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            You are signed in as <strong>{me.data?.email ?? "someone else"}</strong>, but this invitation is for{" "}
            <strong>{invitation.email}</strong>. Only that address can answer it. Sign out, then
            {invitation.hasProfile ? ` sign in as ${invitation.email} to accept.` : " accept it here."}
          </Text>
          {signOut.error ? (
            <Text size="sm" c="red.9" role="alert">
              {errorMessage(signOut.error)}
            </Text>
          ) : null}
          <Button
            size="sm"
            variant="white"
            color="dark"
            loading={signOut.isPending}
            onClick={() =>
              signOut.mutate("here", { onSuccess: () => void queryClient.invalidateQueries({ queryKey: previewKey }) })
            }
          >
            Sign out
          </Button>
        </Stack>
      </Alert>
    );
  }

  if (invitation.needsSignIn) {
    const returnTo = `/invitations/${token}`;
    return (
      <Stack gap="sm">
        <Text size="sm">
          <strong>{invitation.email}</strong> already has a Billfold profile. Sign in as that address, then accept.
        </Text>
        <ButtonLink to="/sign-in" search={{ email: invitation.email, returnTo }} size="md" fullWidth>
          Sign in as {invitation.email} to accept
        </ButtonLink>
      </Stack>
    );
  }

  if (accept.data?.loginNotActivated) {
    return <AcceptedLoginNotActivated companyName={invitation.companyName} notice={accept.data.loginNotActivated} />;
  }

  // mutateAsync: accepting may start a session, which re-renders this page; the landing must still happen.
  const onAccept = async () => {
    try {
      const result = await accept.mutateAsync(token);
      // R2: a manager now, but not signed in: the page says why (above) instead of landing.
      if (result.loginNotActivated) return;
      notify({ title: "Invitation accepted", message: `You are now a manager of ${invitation.companyName}.` });
      void navigate({ to: "/billing-accounts/$accountId", params: { accountId: result.billingAccountId } });
    } catch (error) {
      // Someone created a profile for the address a moment ago: the page now asks to sign in.
      if (isApiError(error, 401)) void queryClient.invalidateQueries({ queryKey: previewKey });
    }
  };

  const error = accept.error ?? decline.error;
  return (
    <Stack gap="md">
      {invitation.hasProfile ? null : invitation.loginNotActivatedOnAccept ? (
        // R2: accepting makes a manager, but sign-in stays with the reseller.
        <Text size="sm">
          Accepting creates your Billfold profile for <strong>{invitation.email}</strong> and makes you a manager, but
          does not sign you in: this account is managed by {invitation.loginNotActivatedOnAccept.resellerName}, and
          sign-in is not activated for its customers. Contact your reseller{" "}
          {invitation.loginNotActivatedOnAccept.resellerName} for access.
        </Text>
      ) : (
        <Text size="sm">
          Accepting creates your Billfold profile for <strong>{invitation.email}</strong> and signs you in. No password
          needed: next time, sign in with a link sent to this address.
        </Text>
      )}
      {error ? (
        <Alert color="red" variant="light" role="alert" title="Could not answer the invitation">
          {errorMessage(error)}
        </Alert>
      ) : null}
      <Stack gap="xs">
        <Button
          size="md"
          fullWidth
          onClick={() => void onAccept()}
          loading={accept.isPending || accept.isSuccess}
          disabled={decline.isPending}
        >
          Accept invitation
        </Button>
        <Button
          variant="subtle"
          color="gray"
          c="dark.6"
          fullWidth
          onClick={() => decline.mutate(token)}
          loading={decline.isPending}
          disabled={accept.isPending || accept.isSuccess}
        >
          Decline
        </Button>
      </Stack>
    </Stack>
  );
}

function Declined({ companyName }: { companyName: string }) {
  return (
    <CenteredCard>
      <Stack gap="md" align="flex-start">
        <Title order={1} size="h2">
          Invitation declined
        </Title>
        <Text c="dimmed">
          You will not become a manager of {companyName}. If you change your mind, ask one of its managers to invite you
          again.
        </Text>
        <ButtonLink to="/" variant="default">
          Go to Billfold
        </ButtonLink>
      </Stack>
    </CenteredCard>
  );
}
