import { Stack, Text, Title } from "@mantine/core";
import { INVITATION_GONE_CODES } from "../../../shared/accounts.js";
import { CenteredCard } from "../../ui/CenteredCard.js";
import { ButtonLink } from "../../ui/links.js";
import { usePageTitle } from "../../ui/usePageTitle.js";

type Explanation = { title: string; what: string; next: string; action: "sign-in" | "home" };

/** What happened to the link, and the one thing to do next — per 410 code of the invitation routes (A5). */
const EXPLANATIONS: Record<string, Explanation> = {
  [INVITATION_GONE_CODES.expired]: {
    title: "This invitation has expired",
    what: "Invitation links work for 7 days, and this one is older.",
    next: "Ask a manager of the billing account to invite you again; the new email has a fresh link.",
    action: "home",
  },
  [INVITATION_GONE_CODES.accepted]: {
    title: "This invitation was already accepted",
    what: "Someone opened this link and accepted it, so it cannot be used again.",
    next: "If that was you, sign in with the invited email address: the billing account is in your list.",
    action: "sign-in",
  },
  [INVITATION_GONE_CODES.declined]: {
    title: "This invitation was declined",
    what: "The invitation was turned down, so the link no longer works.",
    next: "If you want to manage the account after all, ask one of its managers to invite you again.",
    action: "home",
  },
  [INVITATION_GONE_CODES.revoked]: {
    title: "This invitation was withdrawn",
    what: "A manager of the billing account withdrew it before it was answered.",
    next: "If you think this is a mistake, ask the manager who invited you.",
    action: "home",
  },
};

const UNKNOWN: Explanation = {
  title: "This invitation link no longer works",
  what: "A newer invitation may have replaced it, or the link was copied incompletely.",
  next: "Look for a newer invitation email, or ask a manager of the billing account to invite you again.",
  action: "home",
};

/** The invitation page when its link is dead (410) or malformed (400): what happened and what to do. */
export function InvitationGone({ code }: { code: string | null }) {
  const explanation = (code ? EXPLANATIONS[code] : undefined) ?? UNKNOWN;
  usePageTitle(explanation.title);
  return (
    <CenteredCard>
      <Stack gap="md" align="flex-start">
        <Title order={1} size="h2">
          {explanation.title}
        </Title>
        <Text>{explanation.what}</Text>
        <Text>{explanation.next}</Text>
        {explanation.action === "sign-in" ? (
          <ButtonLink to="/sign-in">Sign in</ButtonLink>
        ) : (
          <ButtonLink to="/" variant="default">
            Go to Billfold
          </ButtonLink>
        )}
      </Stack>
    </CenteredCard>
  );
}
