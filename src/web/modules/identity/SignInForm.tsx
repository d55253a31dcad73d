import { Alert, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors } from "../../api/fieldErrors.js";
import { usePageTitle } from "../../ui/usePageTitle.js";
import { configQueryOptions, useRequestSignInLink } from "./api.js";
import { DevMailboxHint } from "./DevMailboxHint.js";
import { OidcErrorAlert } from "./OidcErrorAlert.js";
import { OidcSignIn } from "./OidcSignIn.js";

interface SignInFormProps {
  onSent: (email: string) => void;
  returnTo: string | null;
  /** Prefills the address field. */
  defaultEmail?: string | undefined;
  oidcError?: string | undefined;
}

export function SignInForm({ onSent, returnTo, oidcError, defaultEmail }: SignInFormProps) {
  usePageTitle("Sign in");
  const [email, setEmail] = useState(defaultEmail ?? "");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const request = useRequestSignInLink();
  const config = useQuery(configQueryOptions());

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = email.trim();
    if (value === "") {
      setFieldError("Enter your email address");
      return;
    }
    setFieldError(null);
    request.mutate(
      { email: value, returnTo },
      {
        onSuccess: () => onSent(value),
        onError: (error) => {
          if (isApiError(error, 400)) setFieldError(fieldErrors(error).email ?? error.message);
        },
      },
    );
  };

  const generalError = request.error && !isApiError(request.error, 400) ? request.error : null;

  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Title order={1} size="h2">
          Sign in to Billfold
        </Title>
        <Text c="dimmed">
          Enter your email address and we will send you a link that signs you in. No password needed.
        </Text>
      </Stack>

      {oidcError && !request.isPending ? <OidcErrorAlert code={oidcError} label={config.data?.oidcLabel} /> : null}

      {generalError ? (
        <Alert color="red" variant="light" role="alert" title="Could not send the link">
          {errorMessage(generalError)}
        </Alert>
      ) : null}

      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Email address"
            type="email"
            name="email"
            autoComplete="email"
            inputMode="email"
            autoFocus
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError}
          />
          <Button type="submit" fullWidth loading={request.isPending}>
            Email me a sign-in link
          </Button>
        </Stack>
      </form>

      {config.data?.oidcEnabled ? <OidcSignIn label={config.data.oidcLabel} returnTo={returnTo} /> : null}
      {config.data?.devMailbox ? <DevMailboxHint /> : null}
    </Stack>
  );
}
