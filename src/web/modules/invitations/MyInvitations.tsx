import { Alert, Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { MyInvitation } from "../../../shared/accounts.js";
import { errorMessage } from "../../api/client.js";
import { useNotify } from "../../ui/notifications.js";
import { myInvitationsQueryOptions, useAnswerMyInvitation } from "../accounts/api.js";
import { formatDate } from "../accounts/format.js";
import { SectionTitle } from "../identity/SectionTitle.js";

/** Invitations to the signed-in user's address, answered here (A5); hidden when there are none. */
export function MyInvitations() {
  const invitations = useQuery(myInvitationsQueryOptions());
  if (!invitations.data || invitations.data.length === 0) return null;
  return (
    <Card component="section" aria-labelledby="my-invitations-title" bg="indigo.0" bd="1px solid indigo.2">
      <SectionTitle
        id="my-invitations-title"
        title="Invitations for you"
        description="Accept to become a manager of the billing account."
      />
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
        {invitations.data.map((invitation) => (
          <InvitationRow key={invitation.id} invitation={invitation} />
        ))}
      </Stack>
    </Card>
  );
}

function InvitationRow({ invitation }: { invitation: MyInvitation }) {
  const answer = useAnswerMyInvitation();
  const notify = useNotify();
  const navigate = useNavigate();
  const expired = invitation.state === "expired";

  // mutateAsync: the row leaves the list once answered, and the navigation must still happen.
  const onAnswer = async (kind: "accept" | "decline") => {
    let result: Awaited<ReturnType<typeof answer.mutateAsync>>;
    try {
      result = await answer.mutateAsync({ invitationId: invitation.id, answer: kind });
    } catch {
      return; // Shown below from answer.error.
    }
    if (kind === "accept" && result) {
      notify({ title: "Invitation accepted", message: `You are now a manager of ${invitation.companyName}.` });
      void navigate({ to: "/billing-accounts/$accountId", params: { accountId: result.billingAccountId } });
    } else {
      notify({ message: `You declined the invitation to ${invitation.companyName}.`, color: "indigo" });
    }
  };

  return (
    <Card component="li" padding="md" shadow="none">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{invitation.companyName}</Text>
            {expired ? (
              <Badge color="gray" variant="light" radius="sm">
                Expired
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            {invitation.invitedBy
              ? `Invited by ${invitation.invitedBy.name} (${invitation.invitedBy.email})`
              : "Invited by a manager of the account"}
            {" · "}
            {expired ? "Expired" : "Expires"} {formatDate(invitation.expiresAt)}
          </Text>
        </Stack>
        {expired ? (
          <Text size="sm" c="dimmed">
            Ask a manager to invite you again.
          </Text>
        ) : (
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              onClick={() => void onAnswer("decline")}
              loading={answer.isPending && answer.variables?.answer === "decline"}
              disabled={answer.isPending}
              aria-label={`Decline the invitation to ${invitation.companyName}`}
            >
              Decline
            </Button>
            <Button
              size="sm"
              onClick={() => void onAnswer("accept")}
              loading={answer.isPending && answer.variables?.answer === "accept"}
              disabled={answer.isPending}
              aria-label={`Accept the invitation to ${invitation.companyName}`}
            >
              Accept
            </Button>
          </Group>
        )}
      </Group>
      {answer.error ? (
        <Alert color="red" variant="light" role="alert" mt="sm" title="Could not answer the invitation">
          {errorMessage(answer.error)}
        </Alert>
      ) : null}
    </Card>
  );
}
