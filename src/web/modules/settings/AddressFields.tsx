import { Grid, Select, TextInput } from "@mantine/core";
import type { Address, AddressInput } from "../../../shared/accounts.js";
import type { FieldErrors } from "../../api/fieldErrors.js";
import { countryOptions } from "../accounts/format.js";

/** The form's copy of an address: every field a string ("" = empty). */
export interface AddressDraft {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export const emptyAddress: AddressDraft = { line1: "", line2: "", city: "", region: "", postalCode: "", country: "" };

export function addressDraft(address: Address | null | undefined): AddressDraft {
  if (!address) return emptyAddress;
  return {
    line1: address.line1,
    line2: address.line2 ?? "",
    city: address.city,
    region: address.region ?? "",
    postalCode: address.postalCode,
    country: address.country,
  };
}

export function isBlankAddress(draft: AddressDraft): boolean {
  return Object.values(draft).every((value) => value.trim() === "");
}

/** What the API takes; optional lines left empty are sent as null. */
export function addressInput(draft: AddressDraft): AddressInput {
  return {
    line1: draft.line1,
    line2: draft.line2.trim() === "" ? null : draft.line2,
    city: draft.city,
    region: draft.region.trim() === "" ? null : draft.region,
    postalCode: draft.postalCode,
    country: draft.country,
  };
}

interface AddressFieldsProps {
  value: AddressDraft;
  onChange: (next: AddressDraft) => void;
  errors?: FieldErrors;
  /** Prefixes input names and ids, so two addresses can share a page. */
  name: string;
  disabled?: boolean;
  required?: boolean;
}

/** Street, city, postal code, region and an ISO country picker (A1). */
export function AddressFields({ value, onChange, errors = {}, name, disabled, required = true }: AddressFieldsProps) {
  const set = (field: keyof AddressDraft) => (next: string) => onChange({ ...value, [field]: next });
  return (
    <Grid gap="md">
      <Grid.Col span={12}>
        <TextInput
          label="Address line 1"
          name={`${name}.line1`}
          autoComplete={`section-${name} address-line1`}
          value={value.line1}
          onChange={(event) => set("line1")(event.currentTarget.value)}
          error={errors.line1}
          withAsterisk={required}
          disabled={disabled}
          maxLength={200}
        />
      </Grid.Col>
      <Grid.Col span={12}>
        <TextInput
          label="Address line 2"
          name={`${name}.line2`}
          autoComplete={`section-${name} address-line2`}
          value={value.line2}
          onChange={(event) => set("line2")(event.currentTarget.value)}
          error={errors.line2}
          disabled={disabled}
          maxLength={200}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 4 }}>
        <TextInput
          label="Postal code"
          name={`${name}.postalCode`}
          autoComplete={`section-${name} postal-code`}
          value={value.postalCode}
          onChange={(event) => set("postalCode")(event.currentTarget.value)}
          error={errors.postalCode}
          withAsterisk={required}
          disabled={disabled}
          maxLength={20}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 8 }}>
        <TextInput
          label="City"
          name={`${name}.city`}
          autoComplete={`section-${name} address-level2`}
          value={value.city}
          onChange={(event) => set("city")(event.currentTarget.value)}
          error={errors.city}
          withAsterisk={required}
          disabled={disabled}
          maxLength={100}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <TextInput
          label="State or region"
          name={`${name}.region`}
          autoComplete={`section-${name} address-level1`}
          value={value.region}
          onChange={(event) => set("region")(event.currentTarget.value)}
          error={errors.region}
          disabled={disabled}
          maxLength={100}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 6 }}>
        <Select
          label="Country"
          name={`${name}.country`}
          placeholder="Choose a country"
          data={countryOptions}
          value={value.country === "" ? null : value.country}
          onChange={(next) => set("country")(next ?? "")}
          // The API's message names ISO 3166-1; a person just has not picked one yet.
          error={errors.country && value.country === "" ? "Choose a country" : errors.country}
          withAsterisk={required}
          disabled={disabled}
          searchable
          clearable={!required}
          nothingFoundMessage="No country by that name"
          comboboxProps={{ withinPortal: true }}
        />
      </Grid.Col>
    </Grid>
  );
}
