import { Alert, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useRef, useState } from "react";
import { ERROR_CODES } from "../../../shared/errors.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { fieldErrors } from "../../api/fieldErrors.js";
import { useNotify } from "../../ui/notifications.js";
import { type CardToken, tokeniseCard, useAddPaymentMethod } from "./api.js";
import { cardSpoken, formatExpiryInput, groupCardNumber, parseExpiry } from "./cards.js";
import { useIdempotencyKey } from "./useIdempotencyKey.js";

type Field = "holderName" | "number" | "expiry" | "cvc";
type Errors = Partial<Record<Field, string>>;

const EMPTY = { holderName: "", number: "", expiry: "", cvc: "" };

/** The gateway's and the API's field names, as this form's fields. */
function formErrors(error: unknown): Errors {
  if (!isApiError(error, 400)) return {};
  const fields = fieldErrors(error);
  const result: Errors = {};
  if (fields.number) result.number = fields.number;
  if (fields.cvc) result.cvc = fields.cvc;
  if (fields.holderName) result.holderName = fields.holderName;
  const expiry = fields.expMonth ?? fields.expYear;
  if (expiry) result.expiry = expiry;
  // A refusal without a field (e.g. "invalid_expiry" with only a message) still lands somewhere.
  if (Object.keys(result).length === 0 && error.code === ERROR_CODES.invalidExpiry) result.expiry = error.message;
  if (Object.keys(result).length === 0 && error.code === ERROR_CODES.invalidCardNumber) result.number = error.message;
  if (Object.keys(result).length === 0 && error.code === ERROR_CODES.invalidCvc) result.cvc = error.message;
  return result;
}

/**
 * B1: the number, expiry and CVC go to the gateway's tokenisation endpoint; the API gets only the
 * token and the holder's name. The number lives in this dialog's state and is dropped on close.
 */
export function AddCardDialog({
  accountId,
  opened,
  onClose,
}: {
  accountId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [tokenising, setTokenising] = useState(false);
  // A token is spent by the API once; a retry of the same card after an unknown outcome reuses it
  // with the same Idempotency-Key, so the card is added once.
  const tokenFor = useRef<{ card: string; token: CardToken } | null>(null);
  const idempotency = useIdempotencyKey();
  const add = useAddPaymentMethod(accountId);
  const notify = useNotify();

  const close = () => {
    setValues(EMPTY);
    setErrors({});
    setFailure(null);
    tokenFor.current = null;
    idempotency.reset();
    add.reset();
    onClose();
  };

  const set = (field: Field, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const digits = values.number.replace(/\D/g, "");
    const expiry = parseExpiry(values.expiry);
    const found: Errors = {};
    if (values.holderName.trim() === "") found.holderName = "Enter the name on the card";
    if (digits.length < 12) found.number = "Enter the card number";
    if (!expiry) found.expiry = "Enter the expiry as MM / YY";
    if (!/^\d{3,4}$/.test(values.cvc)) found.cvc = "Enter the 3 or 4 digits on the back";
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0 || !expiry) return;

    const cardKey = `${digits}|${expiry.month}|${expiry.year}|${values.cvc}`;
    let token = tokenFor.current?.card === cardKey ? tokenFor.current.token : null;
    if (!token) {
      setTokenising(true);
      try {
        token = await tokeniseCard({ number: digits, expMonth: expiry.month, expYear: expiry.year, cvc: values.cvc });
        tokenFor.current = { card: cardKey, token };
        idempotency.reset(); // a new token is a new request
      } catch (error) {
        const fields = formErrors(error);
        if (Object.keys(fields).length > 0) setErrors(fields);
        else setFailure(error);
        return;
      } finally {
        setTokenising(false);
      }
    }
    try {
      const card = await add.mutateAsync({
        token: token.token,
        holderName: values.holderName.trim(),
        idempotencyKey: idempotency.key(),
      });
      notify({
        title: "Card added",
        message: card.isDefault ? `${cardSpoken(card)} is your default card.` : `${cardSpoken(card)} was added.`,
      });
      close();
    } catch (error) {
      idempotency.settle(error);
      // The token was spent or refused: the next try asks the gateway for a new one.
      if (isApiError(error) && error.status < 500) tokenFor.current = null;
      const fields = formErrors(error);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFailure(error);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Add a card" centered closeButtonProps={{ "aria-label": "Close" }}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Add a card">
        <Stack gap="md">
          <TextInput
            label="Name on card"
            autoComplete="cc-name"
            value={values.holderName}
            onChange={(event) => set("holderName", event.currentTarget.value)}
            error={errors.holderName}
            data-autofocus
          />
          <TextInput
            label="Card number"
            autoComplete="cc-number"
            inputMode="numeric"
            placeholder="1234 1234 1234 1234"
            value={values.number}
            onChange={(event) => set("number", groupCardNumber(event.currentTarget.value))}
            error={errors.number}
          />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput
              label="Expiry"
              autoComplete="cc-exp"
              inputMode="numeric"
              placeholder="MM / YY"
              value={values.expiry}
              onChange={(event) => set("expiry", formatExpiryInput(event.currentTarget.value))}
              error={errors.expiry}
            />
            <TextInput
              label="CVC"
              autoComplete="cc-csc"
              inputMode="numeric"
              placeholder="123"
              maxLength={4}
              value={values.cvc}
              onChange={(event) => set("cvc", event.currentTarget.value.replace(/\D/g, ""))}
              error={errors.cvc}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The card number goes straight to the payment gateway; Billfold keeps only the brand, the last four digits,
            the expiry and the name.
          </Text>
          {failure ? (
            <Alert color="red" variant="light" role="alert" title="Could not add the card">
              {errorMessage(failure)}
            </Alert>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={tokenising || add.isPending}>
              Add card
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
