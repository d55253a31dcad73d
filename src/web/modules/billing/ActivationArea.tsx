import { Button, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { formatActivationCode } from "../../../shared/licensing.js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.js";
import { CopyField } from "../../ui/CopyField.js";
import { useNotify } from "../../ui/notifications.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { useReleaseActivation } from "./api.js";
import { formatDay } from "./format.js";
import { RegenerateCodeDialog } from "./RegenerateCodeDialog.js";
import { SubscriptionNumber } from "./SubscriptionNumber.js";
import { UseRow } from "./UseRow.js";

/**
 * S4: the activation code (managers only: the server sends it to no one else) and the one instance
 * the subscription is bound to. Releasing the binding lets the next instance with the code take it.
 */
export function ActivationArea({
  accountId,
  subscription: s,
  canUse,
}: {
  accountId: string;
  subscription: SubscriptionSummary;
  canUse: boolean;
}) {
  const [regenerating, setRegenerating] = useState(false);
  const [releasing, setReleasing] = useState(false);
  const release = useReleaseActivation(accountId);
  const notify = useNotify();
  const isPhone = useIsPhone();

  const closeRelease = () => {
    release.reset();
    setReleasing(false);
  };
  const onRelease = () =>
    release.mutate(s.id, {
      onSuccess: () => {
        notify({
          title: "Instance released",
          message: `The next instance that activates with the code of ${s.subscriptionNumber} takes the license.`,
        });
        closeRelease();
      },
    });

  return (
    <>
      <UseRow
        label="Activation code"
        value={
          s.activationCode ? (
            <Stack gap={4} mt={4}>
              <CopyField
                value={formatActivationCode(s.activationCode)}
                what="activation code"
                size={isPhone ? "sm" : "md"}
              >
                {canUse ? (
                  <Button variant="default" size="xs" onClick={() => setRegenerating(true)}>
                    Generate a new code
                  </Button>
                ) : null}
              </CopyField>
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              Shown to the account's managers.
            </Text>
          )
        }
      />
      <UseRow
        label="Activated instance"
        value={
          s.activation ? (
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              <Text span ff="monospace" size="sm">
                {s.activation.instanceId}
              </Text>
              <Text span c="dimmed" size="sm">
                {" "}
                · activated on {formatDay(s.activation.activatedAt)}
              </Text>
            </Text>
          ) : (
            <Stack gap={6}>
              <Text size="sm" c="dimmed">
                Not activated yet.{" "}
                {s.activationCode ? "On the instance, an operator runs (or scripts) this command:" : null}
              </Text>
              {s.activationCode ? (
                <CopyField value={activateCommand(s.activationCode)} what="activation command" long />
              ) : null}
            </Stack>
          )
        }
        actions={
          canUse && s.activation ? (
            <Button variant="default" size="sm" onClick={() => setReleasing(true)} fullWidth={isPhone}>
              Release
            </Button>
          ) : null
        }
      />
      <RegenerateCodeDialog
        accountId={accountId}
        subscription={regenerating ? s : null}
        onClose={() => setRegenerating(false)}
      />
      <ConfirmDialog
        opened={releasing}
        title="Release the activated instance?"
        confirmLabel="Release instance"
        danger
        pending={release.isPending}
        error={release.error}
        errorTitle="Could not release the instance"
        onConfirm={onRelease}
        onClose={closeRelease}
      >
        <Stack gap="xs">
          <Text size="sm">
            {s.activation ? (
              <>
                <SubscriptionNumber value={s.subscriptionNumber} /> stops being bound to{" "}
                <Text span ff="monospace" size="sm">
                  {s.activation.instanceId}
                </Text>
                .{" "}
              </>
            ) : null}
            The next instance that activates with the code takes the license; the code stays the same.
          </Text>
          {/* What the server does: the binding goes, the signed file already issued is not revoked (S3 files are checked offline). */}
          <Text size="sm" c="dimmed">
            The license file the instance already has stays valid until it expires.
          </Text>
        </Stack>
      </ConfirmDialog>
    </>
  );
}

/** S4: what an operator runs on the customer's instance (the headless path). */
export function activateCommand(code: string): string {
  return `npx billfold license activate ${formatActivationCode(code)} --url ${window.location.origin}`;
}
