import { Alert, Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useEffect, useState } from "react";
import type { PaymentMethod } from "../../../shared/billing.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors } from "../../api/fieldErrors.js";
import { useNotify } from "../../ui/notifications.js";
import { useUpdatePaymentMethod } from "./api.js";
import { cardLabel, cardSpoken, formatExpiryInput, parseExpiry } from "./cards.js";

/** A renewed card keeps its number: change its expiry, or the name on it (B1). */
export function EditCardDialog({
  accountId,
  card,
  onClose,
}: {
  accountId: string;
  card: PaymentMethod | null;
  onClose: () => void;
}) {
  const [holderName, setHolderName] = useState("");
  const [expiry, setExpiry] = useState("");
  const [errors, setErrors] = useState<{ holderName?: string | undefined; expiry?: string | undefined }>({});
  const update = useUpdatePaymentMethod(accountId);
  const notify = useNotify();

  useEffect(() => {
    if (!card) return;
    setHolderName(card.holderName);
    setExpiry(`${String(card.expMonth).padStart(2, "0")} / ${String(card.expYear).slice(-2)}`);
    setErrors({});
  }, [card]);

  const close = () => {
    update.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!card) return;
    const parsed = parseExpiry(expiry);
    const found = {
      holderName: holderName.trim() === "" ? "Enter the name on the card" : undefined,
      expiry: parsed ? undefined : "Enter the expiry as MM / YY",
    };
    setErrors(found);
    if (found.holderName || !parsed) return;
    update.mutate(
      { id: card.id, holderName: holderName.trim(), expMonth: parsed.month, expYear: parsed.year },
      {
        onSuccess: () => {
          notify({ title: "Card updated", message: `${cardSpoken(card)} was updated.` });
          close();
        },
        onError: (error) => {
          if (!isApiError(error, 400)) return;
          const fields = fieldErrors(error);
          setErrors({ holderName: fields.holderName, expiry: fields.expMonth ?? fields.expYear });
        },
      },
    );
  };

  const generalError = update.error && !isApiError(update.error, 400) ? update.error : null;

  return (
    <Modal
      opened={card !== null}
      onClose={close}
      title={card ? `Edit ${cardLabel(card)}` : "Edit card"}
      centered
      closeButtonProps={{ "aria-label": "Close" }}
    >
      <form onSubmit={onSubmit} noValidate aria-label="Edit card">
        <Stack gap="md">
          <TextInput
            label="Name on card"
            autoComplete="cc-name"
            value={holderName}
            onChange={(event) => setHolderName(event.currentTarget.value)}
            error={errors.holderName}
            data-autofocus
          />
          <TextInput
            label="Expiry"
            autoComplete="cc-exp"
            inputMode="numeric"
            placeholder="MM / YY"
            value={expiry}
            onChange={(event) => setExpiry(formatExpiryInput(event.currentTarget.value))}
            error={errors.expiry}
            w={160}
          />
          <Text size="xs" c="dimmed">
            For a new card number, add a new card instead.
          </Text>
          {generalError ? (
            <Alert color="red" variant="light" role="alert" title="Could not update the card">
              {errorMessage(generalError)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
