import { Alert, Button, Divider, Group, Radio, Select, Stack, Text, Title } from "@mantine/core";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import type { Address, Contacts, Manager } from "../../../shared/accounts.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors, scoped } from "../../api/fieldErrors.js";
import { useNotify } from "../../ui/notifications.js";
import { UnsavedChangesGuard } from "../../ui/UnsavedChangesGuard.js";
import { useUpdateContacts } from "../accounts/api.js";
import { personName } from "../accounts/format.js";
import { ContactFields } from "./ContactFields.js";
import {
  type BillingChoice,
  type ContactsDraft,
  contactDraft,
  contactsDraft,
  draftFromManager,
  toUpdateContacts,
} from "./contactsDraft.js";

interface ContactsFormProps {
  accountId: string;
  /** Offered as a one-click copy for a contact's postal address. */
  companyAddress: Address;
  contacts: Contacts;
  managers: Manager[];
  readOnly: boolean;
}

/**
 * `PUT /billing-accounts/:id/contacts` (A8): the subscription contact (a manager) and the billing
 * contact — the same person, another manager, or a custom contact — with their details.
 */
export function ContactsForm({ accountId, companyAddress, contacts, managers, readOnly }: ContactsFormProps) {
  const [draft, setDraft] = useState<ContactsDraft>(() => contactsDraft(contacts));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const update = useUpdateContacts(accountId);
  const notify = useNotify();

  // A fresh answer from the server (after saving, or a refetch) resets the form to it.
  useEffect(() => setDraft(contactsDraft(contacts)), [contacts]);

  const serverErrors = fieldErrors(update.error);
  const errors = { ...serverErrors, ...localErrors };
  const managerOptions = useMemo(
    () =>
      managers.map((manager) => ({
        value: manager.userId,
        label: `${personName(manager)} (${manager.email})${manager.isYou ? " · you" : ""}`,
      })),
    [managers],
  );
  const byId = useMemo(() => new Map(managers.map((manager) => [manager.userId, manager])), [managers]);
  const subscriptionManager = draft.subscriptionUserId ? byId.get(draft.subscriptionUserId) : undefined;
  const billingManager = draft.billingUserId ? byId.get(draft.billingUserId) : undefined;

  const chooseSubscription = (userId: string | null) => {
    const manager = userId ? byId.get(userId) : undefined;
    const stored = userId !== null && userId === contacts.subscriptionContact.userId;
    setDraft((current) => ({
      ...current,
      subscriptionUserId: userId,
      subscription: stored
        ? contactDraft(contacts.subscriptionContact)
        : manager
          ? draftFromManager(manager)
          : current.subscription,
    }));
  };

  const chooseBillingType = (type: BillingChoice) => {
    const stored = contacts.billingContact;
    setDraft((current) => {
      if (type === stored.type && type !== "subscription_contact") {
        return { ...current, billingType: type, billingUserId: stored.userId, billing: contactDraft(stored) };
      }
      if (type === "manager") {
        const manager = current.billingUserId ? byId.get(current.billingUserId) : undefined;
        return { ...current, billingType: type, billing: manager ? draftFromManager(manager) : contactDraft(null) };
      }
      return { ...current, billingType: type, billingUserId: null, billing: contactDraft(null) };
    });
  };

  const chooseBillingManager = (userId: string | null) => {
    const manager = userId ? byId.get(userId) : undefined;
    const stored = contacts.billingContact;
    setDraft((current) => ({
      ...current,
      billingUserId: userId,
      billing:
        stored.type === "manager" && stored.userId === userId
          ? contactDraft(stored)
          : manager
            ? draftFromManager(manager)
            : current.billing,
    }));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!draft.subscriptionUserId) missing["subscriptionContact.userId"] = "Choose the subscription contact";
    if (draft.billingType === "manager" && !draft.billingUserId) {
      missing["billingContact.userId"] = "Choose the manager who receives invoices";
    }
    setLocalErrors(missing);
    if (Object.keys(missing).length > 0) return;
    update.mutate(toUpdateContacts(draft), {
      onSuccess: () => notify({ title: "Saved", message: "The contacts were updated." }),
    });
  };

  const subErrors = scoped(errors, "subscriptionContact");
  const billErrors = scoped(errors, "billingContact");

  const dirty = !readOnly && JSON.stringify(draft) !== JSON.stringify(contactsDraft(contacts));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Contacts">
      <UnsavedChangesGuard dirty={dirty && !update.isPending} what="the contacts" />
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="lg">
          {update.error ? (
            <Alert color="red" variant="light" role="alert" title="Could not save the contacts">
              {isApiError(update.error, 400) ? "Check the highlighted fields." : errorMessage(update.error)}
            </Alert>
          ) : null}

          <Stack gap="md" component="section" aria-labelledby="subscription-contact-title">
            <Stack gap={2}>
              <Title order={3} size="h5" id="subscription-contact-title">
                Subscription contact
              </Title>
              <Text size="sm" c="dimmed">
                The primary contact: receives subscription notices and licenses. Always a manager.
              </Text>
            </Stack>
            <Select
              label="Billing account manager"
              placeholder="Choose a manager"
              data={managerOptions}
              value={draft.subscriptionUserId}
              onChange={chooseSubscription}
              error={subErrors.userId}
              allowDeselect={false}
              withAsterisk
              comboboxProps={{ withinPortal: true }}
            />
            {draft.subscriptionUserId ? (
              <ContactFields
                name="subscription"
                value={draft.subscription}
                onChange={(subscription) => setDraft((current) => ({ ...current, subscription }))}
                errors={subErrors}
                companyAddress={companyAddress}
                profileName={subscriptionManager}
              />
            ) : null}
          </Stack>

          <Divider />

          <Stack gap="md" component="section" aria-labelledby="billing-contact-title">
            <Stack gap={2}>
              <Title order={3} size="h5" id="billing-contact-title">
                Billing contact
              </Title>
              <Text size="sm" c="dimmed">
                Receives invoices and subscription notices.
              </Text>
            </Stack>
            <Radio.Group
              label="Who is the billing contact?"
              value={draft.billingType}
              onChange={(value) => chooseBillingType(value as BillingChoice)}
              name="billingContactType"
            >
              <Stack gap="sm" mt="xs">
                <Radio value="subscription_contact" label="Same as subscription contact" />
                <Radio value="manager" label="Another manager" />
                <Radio
                  value="custom"
                  label="Custom contact"
                  description="Someone without access to Billfold, such as your accounts payable team."
                />
              </Stack>
            </Radio.Group>

            {draft.billingType === "manager" ? (
              <>
                <Select
                  label="Manager who receives invoices"
                  placeholder="Choose a manager"
                  data={managerOptions}
                  value={draft.billingUserId}
                  onChange={chooseBillingManager}
                  error={billErrors.userId}
                  allowDeselect={false}
                  withAsterisk
                  comboboxProps={{ withinPortal: true }}
                />
                {draft.billingUserId ? (
                  <ContactFields
                    name="billing"
                    value={draft.billing}
                    onChange={(billing) => setDraft((current) => ({ ...current, billing }))}
                    errors={billErrors}
                    companyAddress={companyAddress}
                    profileName={billingManager}
                  />
                ) : null}
              </>
            ) : null}
            {draft.billingType === "custom" ? (
              <ContactFields
                name="billing"
                value={draft.billing}
                onChange={(billing) => setDraft((current) => ({ ...current, billing }))}
                errors={billErrors}
                companyAddress={companyAddress}
                custom
              />
            ) : null}
          </Stack>

          {readOnly ? null : (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                Save contacts
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
