import { Alert, Button, DataList, Group, Stack } from "@mantine/core";
import { type FormEvent, useEffect, useState } from "react";
import type { BillingAccount } from "../../../shared/accounts.js";
import { errorMessage } from "../../api/client.js";
import { fieldErrors, scoped } from "../../api/fieldErrors.js";
import { useNotify } from "../../ui/notifications.js";
import { UnsavedChangesGuard } from "../../ui/UnsavedChangesGuard.js";
import { useUpdateCompany } from "../accounts/api.js";
import { CompanyDataItems } from "../accounts/CompanyDataItems.js";
import { type AddressDraft, AddressFields, addressDraft, addressInput } from "./AddressFields.js";
import { CompanyFields } from "./CompanyFields.js";

/** `PATCH /billing-accounts/:id`: company name, tax ID and address of direct accounts (A10). */
export function CompanyDetailsForm({ account }: { account: BillingAccount }) {
  if (!account.companyDetailsEditable) return <ReadOnlyCompanyDetails account={account} />;
  return <EditableCompanyDetails account={account} />;
}

function EditableCompanyDetails({ account }: { account: BillingAccount }) {
  const [companyName, setCompanyName] = useState(account.companyName);
  const [taxId, setTaxId] = useState(account.taxId ?? "");
  const [address, setAddress] = useState<AddressDraft>(addressDraft(account.address));
  const update = useUpdateCompany(account.id);
  const notify = useNotify();
  const errors = fieldErrors(update.error);

  // Follow the server when the account changes elsewhere (a refetch, another tab).
  useEffect(() => {
    setCompanyName(account.companyName);
    setTaxId(account.taxId ?? "");
    setAddress(addressDraft(account.address));
  }, [account.companyName, account.taxId, account.address]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate(
      { companyName, taxId: taxId.trim() === "" ? null : taxId, address: addressInput(address) },
      { onSuccess: () => notify({ title: "Saved", message: "The company details were updated." }) },
    );
  };

  const dirty =
    companyName !== account.companyName ||
    taxId !== (account.taxId ?? "") ||
    JSON.stringify(address) !== JSON.stringify(addressDraft(account.address));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Company details">
      <UnsavedChangesGuard dirty={dirty && !update.isPending} what="the company details" />
      <Stack gap="md">
        {update.error ? (
          <Alert color="red" variant="light" role="alert" title="Could not save the company details">
            {errorMessage(update.error)}
          </Alert>
        ) : null}
        <CompanyFields
          companyName={companyName}
          taxId={taxId}
          onCompanyNameChange={setCompanyName}
          onTaxIdChange={setTaxId}
          errors={errors}
          taxIdHint="VAT number or similar, printed on invoices."
        />
        <AddressFields name="company" value={address} onChange={setAddress} errors={scoped(errors, "address")} />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save company details
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A10: reseller accounts (and staff, who change accounts from the support console) only read. */
function ReadOnlyCompanyDetails({ account }: { account: BillingAccount }) {
  const reseller = account.channel === "reseller";
  return (
    <Stack gap="md">
      <Alert
        color={reseller ? "orange" : "gray"}
        variant="light"
        title={reseller ? "Managed by your reseller" : "Read-only"}
      >
        {reseller ? (
          <>
            This account was bought through {account.resellerName ?? "a reseller"}, so its company details are kept by
            the reseller. Contact {account.resellerName ?? "your reseller"} to change them. Managers and contacts remain
            yours to manage here.
          </>
        ) : (
          "Staff view accounts here; changes are made from the support console."
        )}
      </Alert>
      <DataList labelWidth={140} gap="sm" withDivider>
        <CompanyDataItems account={account} nameLabel="Company name" />
      </DataList>
    </Stack>
  );
}
