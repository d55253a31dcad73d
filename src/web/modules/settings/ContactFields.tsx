import { Button, Checkbox, Group, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import type { Address } from "../../../shared/accounts.js";
import { type FieldErrors, scoped } from "../../api/fieldErrors.js";
import { addressLines } from "../accounts/format.js";
import { type AddressDraft, AddressFields, addressDraft } from "./AddressFields.js";

/** The form's copy of one contact's details. */
export interface ContactDraft {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  /** Manager contacts may have no postal address; a custom contact always has one. */
  withAddress: boolean;
  address: AddressDraft;
}

interface ContactFieldsProps {
  /** Prefixes names and ids ("subscription", "billing"). */
  name: string;
  value: ContactDraft;
  onChange: (next: ContactDraft) => void;
  errors: FieldErrors;
  /** Custom contacts: email and address are asked for and required. */
  custom?: boolean;
  /** The manager's profile name, offered when the stored name differs from it (A9). */
  profileName?: { firstName: string; lastName: string } | undefined;
  /** The company's address, offered as a one-click copy for the contact's address. */
  companyAddress?: Address | undefined;
}

/** Name, phone, (email,) address of a contact (A8). */
export function ContactFields({
  name,
  value,
  onChange,
  errors,
  custom = false,
  profileName,
  companyAddress,
}: ContactFieldsProps) {
  const set = <K extends keyof ContactDraft>(field: K, next: ContactDraft[K]) => onChange({ ...value, [field]: next });
  const nameDiffers =
    profileName !== undefined &&
    (profileName.firstName.trim() !== value.firstName.trim() ||
      profileName.lastName.trim() !== value.lastName.trim()) &&
    `${profileName.firstName}${profileName.lastName}`.trim() !== "";
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          label="First name"
          name={`${name}.firstName`}
          autoComplete={`section-${name} given-name`}
          value={value.firstName}
          onChange={(event) => set("firstName", event.currentTarget.value)}
          error={errors.firstName}
          withAsterisk
          maxLength={100}
        />
        <TextInput
          label="Last name"
          name={`${name}.lastName`}
          autoComplete={`section-${name} family-name`}
          value={value.lastName}
          onChange={(event) => set("lastName", event.currentTarget.value)}
          error={errors.lastName}
          withAsterisk
          maxLength={100}
        />
      </SimpleGrid>
      {nameDiffers ? (
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed">
            The profile name is {profileName.firstName} {profileName.lastName}.
          </Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => onChange({ ...value, firstName: profileName.firstName, lastName: profileName.lastName })}
          >
            Use the profile name
          </Button>
        </Group>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {custom ? (
          <TextInput
            label="Email address"
            type="email"
            name={`${name}.email`}
            autoComplete={`section-${name} email`}
            value={value.email}
            onChange={(event) => set("email", event.currentTarget.value)}
            error={errors.email}
            withAsterisk
          />
        ) : null}
        <TextInput
          label="Phone"
          type="tel"
          name={`${name}.phone`}
          autoComplete={`section-${name} tel`}
          value={value.phone}
          onChange={(event) => set("phone", event.currentTarget.value)}
          error={errors.phone}
          maxLength={40}
        />
      </SimpleGrid>
      {custom ? null : (
        <Checkbox
          label="Add a postal address for this contact"
          checked={value.withAddress}
          onChange={(event) => set("withAddress", event.currentTarget.checked)}
        />
      )}
      {(custom || value.withAddress) && companyAddress ? (
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => set("address", addressDraft(companyAddress))}
            aria-describedby={`${name}-company-address`}
          >
            Copy company address
          </Button>
          <Text id={`${name}-company-address`} size="sm" c="dimmed">
            {addressLines(companyAddress).join(", ")}
          </Text>
        </Group>
      ) : null}
      {custom || value.withAddress ? (
        <AddressFields
          name={name}
          value={value.address}
          onChange={(next) => set("address", next)}
          errors={scoped(errors, "address")}
        />
      ) : null}
    </Stack>
  );
}
