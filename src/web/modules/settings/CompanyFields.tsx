import { TextInput } from "@mantine/core";
import type { FieldErrors } from "../../api/fieldErrors.js";

/** Company name and tax ID (A1), shared by the create form and the company details form. */
export function CompanyFields({
  companyName,
  taxId,
  onCompanyNameChange,
  onTaxIdChange,
  errors,
  taxIdHint,
  autoFocus = false,
}: {
  companyName: string;
  taxId: string;
  onCompanyNameChange: (value: string) => void;
  onTaxIdChange: (value: string) => void;
  errors: FieldErrors;
  taxIdHint: string;
  autoFocus?: boolean;
}) {
  return (
    <>
      <TextInput
        label="Company name"
        name="companyName"
        autoComplete="organization"
        value={companyName}
        onChange={(event) => onCompanyNameChange(event.currentTarget.value)}
        error={errors.companyName}
        withAsterisk
        maxLength={200}
        data-autofocus={autoFocus || undefined}
      />
      <TextInput
        label="Tax ID"
        description={taxIdHint}
        name="taxId"
        value={taxId}
        onChange={(event) => onTaxIdChange(event.currentTarget.value)}
        error={errors.taxId}
        maxLength={50}
      />
    </>
  );
}
