import { Alert, Stack, Text } from "@mantine/core";
import type { AccountWarning } from "../../../shared/accounts.js";
import { ButtonLink } from "../../ui/links.js";

const ACTIONS: Record<AccountWarning["code"], { title: string; action: string }> = {
  contact_name_differs: { title: "Contact name differs from the profile", action: "Update the contact name" },
  subscription_contact_not_manager: {
    title: "The subscription contact is no longer a manager",
    action: "Choose a new subscription contact",
  },
};

/** A9: each warning as a prompt with the action that resolves it (on the settings page). */
export function AccountWarnings({
  accountId,
  warnings,
  withAction = true,
}: {
  accountId: string;
  warnings: AccountWarning[];
  /** False on the settings page itself, where the contacts form is right below. */
  withAction?: boolean;
}) {
  if (warnings.length === 0) return null;
  return (
    <Stack gap="sm">
      {warnings.map((warning) => {
        const { title, action } = ACTIONS[warning.code];
        return (
          <Alert key={`${warning.code}-${warning.contact}`} color="yellow" variant="light" title={title}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{warning.message}</Text>
              {withAction ? (
                <ButtonLink
                  to="/billing-accounts/$accountId/settings"
                  params={{ accountId }}
                  hash="contacts"
                  size="xs"
                  variant="white"
                  color="dark"
                >
                  {action}
                </ButtonLink>
              ) : null}
            </Stack>
          </Alert>
        );
      })}
    </Stack>
  );
}
