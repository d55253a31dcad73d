import { Alert, Button, Stack, Text, Title } from "@mantine/core";
import { useNavigate, useRouter } from "@tanstack/react-router";
import { errorMessage, isApiError } from "../../api/client.js";
import { CenteredCard } from "../../ui/CenteredCard.js";
import { AnchorLink } from "../../ui/links.js";
import { usePageTitle } from "../../ui/usePageTitle.js";
import { useRedeemSignInLink } from "./api.js";
import { safeReturnTo } from "./returnTo.js";

interface RedeemSignInPageProps {
  token: string;
  returnTo?: string | undefined;
}

/**
 * `/sign-in/:token` (I4): opening the link does nothing by itself, so mail scanners that
 * prefetch it cannot use it up. Only pressing the button redeems the token.
 */
export function RedeemSignInPage({ token, returnTo }: RedeemSignInPageProps) {
  usePageTitle("Sign in");
  const redeem = useRedeemSignInLink();
  const navigate = useNavigate();
  const router = useRouter();

  const onSignIn = () => {
    redeem.mutate(token, {
      onSuccess: (result) => {
        // The page the person was on when they asked for the link (kept with the token), else ?returnTo=.
        const target = safeReturnTo(result.returnTo) ?? safeReturnTo(returnTo);
        if (target) router.history.push(target);
        // The start page picks the landing: billing accounts for managers, else the profile.
        else void navigate({ to: "/" });
      },
    });
  };

  return (
    <CenteredCard>
      <Stack gap="lg">
        <Stack gap={6}>
          <Title order={1} size="h2">
            Sign in to Billfold
          </Title>
          {isLinkDead(redeem.error) || isRefused(redeem.error) ? null : (
            <Text c="dimmed">You opened a one-time sign-in link. Press the button to finish signing in.</Text>
          )}
        </Stack>
        {redeem.error ? <RedeemError error={redeem.error} /> : null}
        {isLinkDead(redeem.error) || isRefused(redeem.error) ? null : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              onSignIn();
            }}
          >
            <Button type="submit" fullWidth size="md" loading={redeem.isPending || redeem.isSuccess}>
              Sign in
            </Button>
          </form>
        )}
      </Stack>
    </CenteredCard>
  );
}

/** 410 (expired or used), 400 (malformed) and 404: pressing the button again cannot help. */
function isLinkDead(error: unknown): boolean {
  return isApiError(error, 410) || isApiError(error, 400) || isApiError(error, 404);
}

/** 403: sign-in is not activated (I6, R2); pressing again would be refused again. */
const isRefused = (error: unknown) => isApiError(error, 403);

function RedeemError({ error }: { error: Error }) {
  if (isLinkDead(error)) {
    return (
      <Alert color="orange" variant="light" role="alert" title="This link has expired or was already used">
        <Stack gap="xs">
          <Text size="sm">Sign-in links work once and expire after 24 hours.</Text>
          <AnchorLink to="/sign-in" size="sm" fw={600}>
            Request a new sign-in link
          </AnchorLink>
        </Stack>
      </Alert>
    );
  }
  const title = isApiError(error, 403) ? "You cannot sign in" : "Could not sign you in";
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      {errorMessage(error)}
    </Alert>
  );
}
