import { Alert, Button, Group, Modal, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { errorMessage } from "../api/client.js";

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  /** What happens if the person confirms, said plainly. */
  children: ReactNode;
  confirmLabel: string;
  /** Red for what takes something away (unlink, release). */
  danger?: boolean;
  pending: boolean;
  error: unknown;
  errorTitle: string;
  onConfirm: () => void;
  onClose: () => void;
  /** Shown instead of the question once it is answered (a new code to copy), with its own buttons. */
  done?: ReactNode;
}

/** "Are you sure?" for one change: Cancel has the focus, the server's refusal shows inside. */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  danger = false,
  pending,
  error,
  errorTitle,
  onConfirm,
  onClose,
  done,
}: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered closeButtonProps={{ "aria-label": "Close" }}>
      {done ?? (
        <Stack gap="md">
          {children}
          {error ? (
            <Alert color="red" variant="light" role="alert" title={errorTitle}>
              {errorMessage(error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button color={danger ? "red.9" : undefined} onClick={onConfirm} loading={pending}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
