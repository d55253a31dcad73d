import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { PaymentMethod } from "../../../shared/billing.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { useNotify } from "../../ui/notifications.js";
import { useRemovePaymentMethod } from "./api.js";
import { cardLabel, cardSpoken } from "./cards.js";

/** B2: the default can't go while other cards exist; the server says so (409) and we show it. */
export function RemoveCardDialog({
  accountId,
  card,
  onClose,
}: {
  accountId: string;
  card: PaymentMethod | null;
  onClose: () => void;
}) {
  const remove = useRemovePaymentMethod(accountId);
  const notify = useNotify();

  const close = () => {
    remove.reset();
    onClose();
  };

  const onConfirm = () => {
    if (!card) return;
    remove.mutate(card.id, {
      onSuccess: () => {
        notify({ title: "Card removed", message: `${cardSpoken(card)} was removed.` });
        close();
      },
    });
  };

  return (
    <Modal
      opened={card !== null}
      onClose={close}
      title={card ? `Remove ${cardLabel(card)}?` : "Remove card?"}
      centered
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {card ? (
        <Stack gap="md">
          <Text size="sm">
            {card.isDefault
              ? "This is your default card. Renewals are charged to the default card."
              : "It will no longer be offered at checkout."}
          </Text>
          {remove.error ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={isApiError(remove.error, 409) ? "This card cannot be removed yet" : "Could not remove the card"}
            >
              {errorMessage(remove.error)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red.9" onClick={onConfirm} loading={remove.isPending}>
              Remove card
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
