import { Alert, Button, Card, Group, Stack, TextInput } from "@mantine/core";
import { type FormEvent, useEffect, useState } from "react";
import type { Me } from "../../../shared/identity.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors } from "../../api/fieldErrors.js";
import { useNotify } from "../../ui/notifications.js";
import { UnsavedChangesGuard } from "../../ui/UnsavedChangesGuard.js";
import { useUpdateMe } from "./api.js";
import { SectionTitle } from "./SectionTitle.js";

/** First and last name (`PATCH /me {firstName, lastName}`). */
export function NameCard({ me }: { me: Me }) {
  const [firstName, setFirstName] = useState(me.firstName);
  const [lastName, setLastName] = useState(me.lastName);
  const update = useUpdateMe();
  const notify = useNotify();

  // Follow the server when the profile changes elsewhere (another tab, a refetch).
  useEffect(() => {
    setFirstName(me.firstName);
    setLastName(me.lastName);
  }, [me.firstName, me.lastName]);

  const errors = fieldErrors(update.error);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate(
      { firstName: firstName.trim(), lastName: lastName.trim() },
      { onSuccess: () => notify({ title: "Saved", message: "Your name was updated." }) },
    );
  };

  return (
    <Card component="section" aria-labelledby="name-title">
      <form onSubmit={onSubmit} noValidate>
        <UnsavedChangesGuard
          dirty={!update.isPending && (firstName !== me.firstName || lastName !== me.lastName)}
          what="your name"
        />
        <SectionTitle
          id="name-title"
          title="Your name"
          description="Shown to the other managers of your billing accounts."
        />
        <Stack gap="md">
          {update.error && !isApiError(update.error, 400) ? (
            <Alert color="red" variant="light" role="alert" title="Could not save your name">
              {errorMessage(update.error)}
            </Alert>
          ) : null}
          <TextInput
            label="First name"
            name="firstName"
            autoComplete="given-name"
            maxLength={100}
            value={firstName}
            onChange={(event) => setFirstName(event.currentTarget.value)}
            error={errors.firstName}
          />
          <TextInput
            label="Last name"
            name="lastName"
            autoComplete="family-name"
            maxLength={100}
            value={lastName}
            onChange={(event) => setLastName(event.currentTarget.value)}
            error={errors.lastName}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save name
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
