import { Alert, Button, Group, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors } from "../../api/fieldErrors.js";
import { useNotify } from "../../ui/notifications.js";
import { useUpdateMe } from "./api.js";

/** `PATCH /me {email}`: the new address becomes pending until its link is opened (I7). */
export function EmailChangeForm({ currentEmail }: { currentEmail: string }) {
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const update = useUpdateMe();
  const notify = useNotify();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = email.trim();
    if (value === "") {
      setFieldError("Enter the new email address");
      return;
    }
    if (value.toLowerCase() === currentEmail.toLowerCase()) {
      setFieldError("This is already your email address");
      return;
    }
    setFieldError(null);
    update.mutate(
      { email: value },
      {
        onSuccess: () => {
          setEmail("");
          notify({ title: "Check your inbox", message: `We sent a confirmation link to ${value}.` });
        },
        onError: (error) => {
          if (isApiError(error, 400)) setFieldError(fieldErrors(error).email ?? error.message);
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {update.error && !isApiError(update.error, 400) ? (
          <Alert color="red" variant="light" role="alert" title="Could not change your email">
            {errorMessage(update.error)}
          </Alert>
        ) : null}
        <TextInput
          label="New email address"
          description="We will send a confirmation link to the new address."
          type="email"
          name="newEmail"
          autoComplete="email"
          inputMode="email"
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldError}
        />
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={update.isPending}>
            Change email
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
