import { Alert, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import type { InvitationSent } from "../../../shared/accounts.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors } from "../../api/fieldErrors.js";
import { useInviteManager } from "../accounts/api.js";
import { formatDate } from "../accounts/format.js";

/** `POST /billing-accounts/:id/invitations {email}` (A4): the same answer with or without a profile. */
export function InviteManagerForm({ accountId }: { accountId: string }) {
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [sent, setSent] = useState<InvitationSent | null>(null);
  const invite = useInviteManager(accountId);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = email.trim();
    if (value === "") {
      setFieldError("Enter the email address of the person to invite");
      return;
    }
    setFieldError(null);
    setSent(null);
    invite.mutate(value, {
      onSuccess: (result) => {
        setSent(result);
        setEmail("");
      },
      onError: (error) => {
        // Wrong address, or already a manager: point at the field.
        if (isApiError(error, 400)) setFieldError(fieldErrors(error).email ?? error.message);
        else if (isApiError(error, 409) && error.code === ERROR_CODES.alreadyManager) setFieldError(error.message);
      },
    });
  };

  const generalError =
    invite.error &&
    !isApiError(invite.error, 400) &&
    !(isApiError(invite.error, 409) && invite.error.code === ERROR_CODES.alreadyManager)
      ? invite.error
      : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Invite a manager">
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Email address"
            placeholder="colleague@example.com"
            type="email"
            name="email"
            autoComplete="off"
            inputMode="email"
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError}
            style={{ flex: "1 1 280px" }}
          />
          <Button type="submit" loading={invite.isPending} mt={{ base: 0, xs: 25 }}>
            Send invitation
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          They get an email with a link that works for 7 days. Someone without a Billfold profile creates one by
          accepting.
        </Text>
        {sent ? (
          <Alert
            color="green"
            variant="light"
            role="status"
            title={sent.renewed ? "Invitation renewed" : "Invitation sent"}
          >
            {sent.renewed
              ? `${sent.email} already had a pending invitation: we sent a new link, and the old one no longer works.`
              : `We emailed an invitation to ${sent.email}.`}{" "}
            It expires on {formatDate(sent.expiresAt)}.
          </Alert>
        ) : null}
        {generalError ? (
          <Alert color="red" variant="light" role="alert" title="Could not send the invitation">
            {errorMessage(generalError)}
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}
