import { Alert, NativeSelect, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import type { PaymentMethod } from "../../../shared/billing.js";
import { AnchorLink, ButtonLink } from "../../ui/links.js";
import { brandName } from "./cards.js";

/** The card to charge: the default is preselected (B2); expired cards are shown but not offered. */
export function CardPicker({
  accountId,
  cards,
  value,
  onChange,
}: {
  accountId: string;
  cards: PaymentMethod[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  return (
    <Stack gap={4} align="flex-start">
      <NativeSelect
        label="Pay with"
        value={value ?? ""}
        onChange={(event) => onChange(event.currentTarget.value)}
        data={cards.map((card) => ({
          value: card.id,
          label: `${brandName(card.brand)} ending in ${card.last4}${card.isDefault ? " (default)" : ""}${card.expired ? " (expired)" : ""}`,
          disabled: card.expired,
        }))}
        w="100%"
      />
      <AnchorLink to="/billing-accounts/$accountId/payment-methods" params={{ accountId }} size="xs">
        Add another card
      </AnchorLink>
    </Stack>
  );
}

/** The card to preselect: the default, unless it expired; then any card that can pay. */
export function preferredCard(cards: PaymentMethod[]): PaymentMethod | null {
  return cards.find((card) => card.isDefault && !card.expired) ?? cards.find((card) => !card.expired) ?? null;
}

/**
 * The "Pay with" choice of a payment form: the picker, a way to add a card when none can be
 * charged, or `pending` while the cards load.
 */
export function PayWith({
  accountId,
  cards,
  value,
  onChange,
  pending = null,
}: {
  accountId: string;
  cards: PaymentMethod[] | undefined;
  value: string | null;
  onChange: (id: string) => void;
  pending?: ReactNode;
}) {
  if (!cards) return <>{pending}</>;
  if (preferredCard(cards) === null) {
    return (
      <Alert color="yellow" variant="light" title="Add a card to pay">
        <ButtonLink
          to="/billing-accounts/$accountId/payment-methods"
          params={{ accountId }}
          size="xs"
          variant="white"
          color="dark"
        >
          Add a card
        </ButtonLink>
      </Alert>
    );
  }
  return <CardPicker accountId={accountId} cards={cards} value={value} onChange={onChange} />;
}
