import { Button, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { usePageTitle } from "../../ui/usePageTitle.js";
import { configQueryOptions } from "./api.js";
import { DevMailboxHint } from "./DevMailboxHint.js";

interface CheckYourEmailProps {
  email: string;
  onUseAnother: () => void;
}

/** Shown after a link was requested. It never says whether the address has a profile (I2). */
export function CheckYourEmail({ email, onUseAnother }: CheckYourEmailProps) {
  usePageTitle("Check your email");
  const config = useQuery(configQueryOptions());
  return (
    <Stack gap="lg" role="status">
      <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
        <EnvelopeIcon />
      </ThemeIcon>
      <Stack gap={6}>
        <Title order={1} size="h2">
          Check your email
        </Title>
        <Text>
          We sent a sign-in link to{" "}
          <Text span fw={600}>
            {email}
          </Text>
          . Open it to sign in.
        </Text>
        <Text size="sm" c="dimmed">
          The link works once and expires in 24 hours. If nothing arrives in a few minutes, check your spam folder or
          request another link.
        </Text>
      </Stack>
      <Button variant="default" onClick={onUseAnother}>
        Use a different email address
      </Button>
      {config.data?.devMailbox ? <DevMailboxHint /> : null}
    </Stack>
  );
}

function EnvelopeIcon() {
  return (
    <svg
      width="24"
      height="24"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="m3 7 9 6 9-6" />
    </svg>
  );
}
