import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { errorMessage } from "../../api/client.js";
import { useNotify } from "../../ui/notifications.js";
import { useCancelEmailChange, useResendEmailConfirmation } from "./api.js";

/** A requested address change waiting for its confirmation link (I7), which can be resent. */
export function PendingEmail({ pendingEmail }: { pendingEmail: string }) {
  const resend = useResendEmailConfirmation();
  const cancel = useCancelEmailChange();
  const notify = useNotify();
  const error = resend.error ?? cancel.error;

  const onResend = () => {
    resend.mutate(undefined, {
      onSuccess: () => notify({ title: "Sent", message: `A new confirmation link is on its way to ${pendingEmail}.` }),
    });
  };

  return (
    <Alert color="indigo" variant="light" title="Change waiting for confirmation">
      <Stack gap="xs" align="flex-start">
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          Pending:{" "}
          <Text span fw={600} size="sm">
            {pendingEmail}
          </Text>{" "}
          — we sent a confirmation link. Your current address stays in use until you open it.
        </Text>
        {error ? (
          <Text size="sm" c="red.9" role="alert">
            {errorMessage(error)}
          </Text>
        ) : null}
        <Group gap="xs">
          <Button size="xs" variant="white" onClick={onResend} loading={resend.isPending}>
            Resend
          </Button>
          <Button
            size="xs"
            variant="subtle"
            color="dark"
            loading={cancel.isPending}
            onClick={() =>
              cancel.mutate(undefined, {
                onSuccess: () =>
                  notify({
                    message: `The change to ${pendingEmail} was cancelled. Its link no longer works.`,
                    color: "indigo",
                  }),
              })
            }
          >
            Cancel change
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
