import { Button, Divider } from "@mantine/core";

/** GitLab.com sign-in (I9): a plain link, because the server redirects to the provider. */
export function OidcSignIn({ label, returnTo }: { label: string; returnTo: string | null }) {
  const href = `/api/v1/auth/oidc/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`;
  return (
    <>
      <Divider label="or" labelPosition="center" />
      <Button component="a" href={href} variant="default" fullWidth>
        Continue with {label || "GitLab.com"}
      </Button>
    </>
  );
}
