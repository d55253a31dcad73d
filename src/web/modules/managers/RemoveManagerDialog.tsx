import { List, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import type { BillingAccount, Manager } from "../../../shared/accounts.js";
import { isApiError } from "../../api/client.js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.js";
import { useNotify } from "../../ui/notifications.js";
import { forgetAccount, useRemoveManager } from "../accounts/api.js";
import { personName } from "../accounts/format.js";

interface RemoveManagerDialogProps {
  account: BillingAccount;
  /** The manager to remove (yourself: leaving); null keeps the dialog closed. */
  manager: Manager | null;
  onClose: () => void;
}

/**
 * A7: removing a manager, or leaving, after a confirmation naming the person and the account.
 * Mantine's Modal traps focus and gives it back to the button that opened it.
 */
export function RemoveManagerDialog({ account, manager, onClose }: RemoveManagerDialogProps) {
  const remove = useRemoveManager(account.id);
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const leaving = manager?.isYou ?? false;
  const name = manager ? personName(manager) : "";

  const close = () => {
    remove.reset();
    onClose();
  };

  const onConfirm = async () => {
    if (!manager) return;
    try {
      await remove.mutateAsync({ userId: manager.userId, leaving });
    } catch {
      return; // Shown in the dialog from remove.error.
    }
    if (leaving) {
      notify({ title: "You left the billing account", message: `You no longer manage ${account.companyName}.` });
      await navigate({ to: "/billing-accounts" });
      forgetAccount(queryClient, account.id);
    } else {
      close();
      notify({ title: "Manager removed", message: `${name} no longer manages ${account.companyName}.` });
    }
  };

  return (
    <ConfirmDialog
      opened={manager !== null}
      title={leaving ? `Leave ${account.companyName}?` : `Remove ${name}?`}
      confirmLabel={leaving ? "Leave billing account" : "Remove manager"}
      danger
      pending={remove.isPending}
      error={remove.error}
      errorTitle={isApiError(remove.error, 409) ? "This manager cannot be removed yet" : "Could not remove the manager"}
      onConfirm={() => void onConfirm()}
      onClose={close}
    >
      {manager ? (
        <>
          {leaving ? (
            <Text size="sm">
              You will stop being a manager of <strong>{account.companyName}</strong> ({account.accountNumber}) at once
              and lose access to its subscriptions, invoices and contacts.
            </Text>
          ) : (
            <Text size="sm">
              <strong>{name}</strong> ({manager.email}) will stop being a manager of{" "}
              <strong>{account.companyName}</strong> ({account.accountNumber}) at once.
            </Text>
          )}
          <List size="sm" spacing={4} c="dimmed">
            <List.Item>
              {leaving ? "We will email you a confirmation." : "We will email them to let them know."}
            </List.Item>
            <List.Item>
              Pending invitations {leaving ? "you" : "they"} sent for this account will be withdrawn.
            </List.Item>
            <List.Item>
              {leaving ? "To come back" : "To give them access again"}, a manager has to send a new invitation.
            </List.Item>
          </List>
        </>
      ) : null}
    </ConfirmDialog>
  );
}
