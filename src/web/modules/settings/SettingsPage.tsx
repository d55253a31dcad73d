import { Skeleton, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { AccountWarnings } from "../accounts/AccountWarnings.js";
import { contactsQueryOptions, managersQueryOptions } from "../accounts/api.js";
import { useAccount } from "../accounts/useAccount.js";
import { CompanyDetailsForm } from "./CompanyDetailsForm.js";
import { ContactsForm } from "./ContactsForm.js";
import { SettingsSection } from "./SettingsSection.js";

/** `/billing-accounts/:id/settings`: company details (A10) and the two contacts (A8, A9). */
export function SettingsPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Settings");
  const contacts = useQuery(contactsQueryOptions(accountId));
  const managers = useQuery(managersQueryOptions(accountId));
  if (!account) return null;

  return (
    <Stack gap="lg">
      <SettingsSection
        id="company"
        title="Company details"
        description="Printed on invoices and licenses. The currency is fixed when the account is created."
      >
        <CompanyDetailsForm account={account} />
      </SettingsSection>

      <SettingsSection
        id="contacts"
        title="Subscription and billing contacts"
        description="Who hears from us about this account. Contacts can differ from the managers' profiles, for example a shared phone number."
      >
        <Stack gap="md">
          <AccountWarnings accountId={accountId} warnings={contacts.data?.warnings ?? []} withAction={false} />
          {contacts.isPending || managers.isPending ? (
            <Stack gap="sm" role="status" aria-label="Loading contacts">
              <Skeleton height={36} />
              <Skeleton height={36} />
              <Skeleton height={36} width="70%" />
            </Stack>
          ) : contacts.isError || managers.isError ? (
            <ErrorAlert error={contacts.error ?? managers.error} title="Could not load the contacts" />
          ) : (
            <ContactsForm
              accountId={accountId}
              companyAddress={account.address}
              contacts={contacts.data}
              managers={managers.data}
              readOnly={account.access !== "manager"}
            />
          )}
        </Stack>
      </SettingsSection>
    </Stack>
  );
}
