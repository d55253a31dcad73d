import { Button, Group, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { formatActivationCode } from "../../../shared/licensing.js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.js";
import { CopyField } from "../../ui/CopyField.js";
import { useRegenerateActivationCode } from "./api.js";
import { SubscriptionNumber } from "./SubscriptionNumber.js";

/** S4: a new activation code replaces the old one at once; the dialog then shows the new code. */
export function RegenerateCodeDialog({
  accountId,
  subscription,
  onClose,
}: {
  accountId: string;
  subscription: SubscriptionSummary | null;
  onClose: () => void;
}) {
  const regenerate = useRegenerateActivationCode(accountId);
  const [newCode, setNewCode] = useState<string | null>(null);
  const doneButton = useRef<HTMLButtonElement>(null);
  // The confirm button that had the focus is gone: the focus goes to Done, beside the new code.
  useEffect(() => {
    if (newCode) doneButton.current?.focus();
  }, [newCode]);

  const close = () => {
    regenerate.reset();
    setNewCode(null);
    onClose();
  };
  const activation = subscription?.activation ?? null;
  const onConfirm = () => {
    if (!subscription) return;
    regenerate.mutate(subscription.id, { onSuccess: ({ activationCode }) => setNewCode(activationCode) });
  };

  return (
    <ConfirmDialog
      opened={subscription !== null}
      title={newCode ? "New activation code" : "Generate a new activation code?"}
      confirmLabel="Generate new code"
      pending={regenerate.isPending}
      error={regenerate.error}
      errorTitle="Could not generate a new code"
      onConfirm={onConfirm}
      onClose={close}
      done={
        newCode ? (
          <Stack gap="md">
            <Text size="sm">
              The old code no longer works. Use this one for the next activation
              {activation ? ` (${activation.instanceId} stays activated)` : ""}:
            </Text>
            <CopyField value={formatActivationCode(newCode)} what="new activation code" size="md" />
            <Group justify="flex-end">
              <Button onClick={close} ref={doneButton}>
                Done
              </Button>
            </Group>
          </Stack>
        ) : null
      }
    >
      <Stack gap="xs">
        <Text size="sm">
          The current code of {subscription ? <SubscriptionNumber value={subscription.subscriptionNumber} /> : null}{" "}
          stops working at once: no instance can activate with it any more.
        </Text>
        {/* What the server does: a new code leaves the binding as it is (release it to move the license). */}
        {activation ? (
          <Text size="sm">
            <Text span ff="monospace" size="sm">
              {activation.instanceId}
            </Text>{" "}
            stays activated and keeps its license; it uses the new code to activate again. To move the license to
            another instance, release this one.
          </Text>
        ) : null}
      </Stack>
    </ConfirmDialog>
  );
}
