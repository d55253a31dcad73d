import { Anchor, Button, Group, Text } from "@mantine/core";
import { useState } from "react";
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.js";
import { useNotify } from "../../ui/notifications.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { useUnlinkNamespace } from "./api.js";
import { NamespaceDialog } from "./NamespaceDialog.js";
import { SubscriptionNumber } from "./SubscriptionNumber.js";
import { UseRow } from "./UseRow.js";

/**
 * S2: what a SaaS subscription is used by, its GitLab.com group. Without one, linking it is the
 * next thing to do; with one, the group (opens on GitLab.com) and Change / Unlink.
 */
export function NamespaceArea({
  accountId,
  subscription: s,
  canUse,
}: {
  accountId: string;
  subscription: SubscriptionSummary;
  /** A manager (reseller customers too, R1) of a live subscription. */
  canUse: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [unlinking, setUnlinking] = useState(false);
  const unlink = useUnlinkNamespace(accountId);
  const notify = useNotify();
  const isPhone = useIsPhone();

  const closeUnlink = () => {
    unlink.reset();
    setUnlinking(false);
  };
  const onUnlink = () =>
    unlink.mutate(s.id, {
      onSuccess: () => {
        notify({ title: "Group unlinked", message: `${s.subscriptionNumber} is no longer linked to a group.` });
        closeUnlink();
      },
    });

  return (
    <>
      <UseRow
        label="GitLab.com group"
        value={
          s.namespace ? (
            <Anchor
              href={`https://gitlab.com/${s.namespace}`}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`gitlab.com/${s.namespace} (opens GitLab.com in a new tab)`}
              ff="monospace"
              size="sm"
              style={{ overflowWrap: "anywhere" }}
            >
              gitlab.com/{s.namespace} ↗
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              {canUse ? "Not linked yet: link the group that uses this subscription." : "No group linked."}
            </Text>
          )
        }
        actions={
          !canUse ? null : s.namespace ? (
            <Group gap="xs" wrap="nowrap" grow={isPhone}>
              <Button variant="default" size="sm" onClick={() => setEditing(true)}>
                Change
              </Button>
              <Button variant="default" size="sm" onClick={() => setUnlinking(true)}>
                Unlink
              </Button>
            </Group>
          ) : (
            <Button size="sm" onClick={() => setEditing(true)} fullWidth={isPhone}>
              Link a group
            </Button>
          )
        }
      />
      <NamespaceDialog accountId={accountId} subscription={editing ? s : null} onClose={() => setEditing(false)} />
      <ConfirmDialog
        opened={unlinking}
        // The path goes in the text: in a title it wrapped at its dashes on phones.
        title="Unlink the group?"
        confirmLabel="Unlink group"
        danger
        pending={unlink.isPending}
        error={unlink.error}
        errorTitle="Could not unlink the group"
        onConfirm={onUnlink}
        onClose={closeUnlink}
      >
        <Text size="sm">
          <Text span ff="monospace" size="sm" style={{ overflowWrap: "anywhere" }}>
            gitlab.com/{s.namespace}
          </Text>{" "}
          loses the features of <SubscriptionNumber value={s.subscriptionNumber} />. The subscription itself stays as it
          is, and you can link a group again at any time.
        </Text>
      </ConfirmDialog>
    </>
  );
}
