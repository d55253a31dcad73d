import { Alert, Button, Group, Select, Stack } from "@mantine/core";
import { type FormEvent, useState } from "react";
import type { BillingAccount } from "../../../shared/accounts.js";
import { DEFAULT_CURRENCY } from "../../../shared/iso.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors, scoped } from "../../api/fieldErrors.js";
import { type AddressDraft, AddressFields, addressInput, emptyAddress } from "../settings/AddressFields.js";
import { CompanyFields } from "../settings/CompanyFields.js";
import { useCreateAccount } from "./api.js";
import { currencyOptions, defaultCurrencyFor } from "./format.js";

/** `POST /billing-accounts`: company details; the creator becomes manager and subscription contact (A1, A8). */
export function CreateAccountForm({
  onCreated,
  onCancel,
}: {
  onCreated: (account: BillingAccount) => void;
  onCancel: () => void;
}) {
  const [companyName, setCompanyName] = useState("");
  const [taxId, setTaxId] = useState("");
  const [address, setAddress] = useState<AddressDraft>(emptyAddress);
  const [currency, setCurrency] = useState(DEFAULT_CURRENCY);
  // The currency follows the country until the person picks one themselves (issue 13).
  const [currencyChosen, setCurrencyChosen] = useState(false);
  const create = useCreateAccount();
  const errors = fieldErrors(create.error);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(
      { companyName, taxId: taxId.trim() === "" ? null : taxId, address: addressInput(address), currency },
      { onSuccess: onCreated },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="New billing account">
      <Stack gap="md">
        {create.error && !isApiError(create.error, 400) ? (
          <Alert color="red" variant="light" role="alert" title="Could not create the billing account">
            {errorMessage(create.error)}
          </Alert>
        ) : null}
        {isApiError(create.error, 400) ? (
          <Alert color="red" variant="light" role="alert" title="Check the highlighted fields">
            {create.error.message}
          </Alert>
        ) : null}
        <CompanyFields
          companyName={companyName}
          taxId={taxId}
          onCompanyNameChange={setCompanyName}
          onTaxIdChange={setTaxId}
          errors={errors}
          taxIdHint="VAT number or similar, printed on invoices. Optional."
          autoFocus
        />
        <AddressFields
          name="address"
          value={address}
          onChange={(next) => {
            setAddress(next);
            if (!currencyChosen && next.country !== address.country) setCurrency(defaultCurrencyFor(next.country));
          }}
          errors={scoped(errors, "address")}
        />
        <Select
          label="Currency"
          description="Invoices are issued in this currency. It follows the country; it cannot be changed later."
          name="currency"
          data={currencyOptions}
          value={currency}
          onChange={(next) => {
            setCurrency(next ?? DEFAULT_CURRENCY);
            setCurrencyChosen(true);
          }}
          error={errors.currency}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No such currency"
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create billing account
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
