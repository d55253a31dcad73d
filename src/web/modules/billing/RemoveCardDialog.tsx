import { Text } from "@mantine/core";
import type { PaymentMethod } from "../../../shared/billing.js";
import { isApiError } from "../../api/client.js";
import { ConfirmDialog } from "../../ui/ConfirmDialog.js";
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
    <ConfirmDialog
      opened={card !== null}
      title={card ? `Remove ${cardLabel(card)}?` : "Remove card?"}
      confirmLabel="Remove card"
      danger
      pending={remove.isPending}
      error={remove.error}
      errorTitle={isApiError(remove.error, 409) ? "This card cannot be removed yet" : "Could not remove the card"}
      onConfirm={onConfirm}
      onClose={close}
    >
      {card ? (
        <Text size="sm">
          {card.isDefault
            ? "This is your default card. Renewals are charged to the default card."
            : "It will no longer be offered at checkout."}
        </Text>
      ) : null}
    </ConfirmDialog>
  );
}
