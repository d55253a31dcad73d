import { Alert, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { ERROR_CODES } from "../../../shared/errors.js";
import { namespaceSchema } from "../../../shared/licensing.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors } from "../../api/fieldErrors.js";
import { useNotify } from "../../ui/notifications.js";
import { useLinkNamespace } from "./api.js";
import { withoutHost } from "./namespace.js";
import { SubscriptionNumber } from "./SubscriptionNumber.js";

/** S2: the server never says which account holds a taken group; neither do we. */
export const NAMESPACE_TAKEN_MESSAGE = "This group is linked to another subscription. If it is yours, contact support.";

/** S2: link a SaaS subscription to a GitLab.com group, or change the group it is linked to. */
export function NamespaceDialog({
  accountId,
  subscription,
  onClose,
}: {
  accountId: string;
  subscription: SubscriptionSummary | null;
  onClose: () => void;
}) {
  const changing = subscription?.namespace != null;
  return (
    <Modal
      opened={subscription !== null}
      onClose={onClose}
      title={changing ? "Change the linked group" : "Link a GitLab.com group"}
      centered
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {/* Mounted per opening: the field starts from the subscription's group each time. */}
      {subscription ? <NamespaceForm accountId={accountId} subscription={subscription} onDone={onClose} /> : null}
    </Modal>
  );
}

function NamespaceForm({
  accountId,
  subscription,
  onDone,
}: {
  accountId: string;
  subscription: SubscriptionSummary;
  onDone: () => void;
}) {
  const [value, setValue] = useState(subscription.namespace ?? "");
  const [error, setError] = useState<string | undefined>();
  const link = useLinkNamespace(accountId);
  const notify = useNotify();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = namespaceSchema.safeParse(withoutHost(value));
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    if (parsed.data === subscription.namespace) {
      onDone();
      return;
    }
    link.mutate(
      { subscriptionId: subscription.id, namespace: parsed.data },
      {
        onSuccess: (updated) => {
          notify({
            title: subscription.namespace ? "Group changed" : "Group linked",
            message: `${updated.subscriptionNumber} is linked to gitlab.com/${updated.namespace}.`,
          });
          onDone();
        },
        onError: (failed) => {
          if (isApiError(failed, 400)) setError(fieldErrors(failed).namespace ?? errorMessage(failed));
          else if (isApiError(failed) && failed.code === ERROR_CODES.namespaceTaken) setError(NAMESPACE_TAKEN_MESSAGE);
        },
      },
    );
  };

  const fieldError = error !== undefined;
  const generalError = link.error && !fieldError ? link.error : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Link a group">
      <Stack gap="md">
        <Text size="sm">
          The group on GitLab.com that uses <SubscriptionNumber value={subscription.subscriptionNumber} />: its members
          get the plan's features. One group per subscription.
        </Text>
        <TextInput
          label="Group path"
          description="As in the group's address, e.g. acme or acme/platform"
          // The fixed part of the address, shown as a prefix: people paste either form.
          leftSection={
            <Text size="sm" c="dimmed" ff="monospace">
              gitlab.com/
            </Text>
          }
          leftSectionWidth={104}
          leftSectionPointerEvents="none"
          styles={{
            input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: "var(--mantine-font-size-sm)" },
          }}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={value}
          onChange={(event) => {
            // A new value is a new question: the last answer no longer applies.
            setValue(event.currentTarget.value);
            setError(undefined);
            if (link.error) link.reset();
          }}
          error={error}
          data-autofocus
        />
        {generalError ? (
          <Alert color="red" variant="light" role="alert" title="Could not link the group">
            {errorMessage(generalError)}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={link.isPending}>
            {subscription.namespace ? "Save group" : "Link group"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
