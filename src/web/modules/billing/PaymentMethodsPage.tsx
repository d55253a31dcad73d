import { ActionIcon, Badge, Box, Button, EmptyState, Group, Menu, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PaymentMethod } from "../../../shared/billing.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { useNotify } from "../../ui/notifications.js";
import { useAccount } from "../accounts/useAccount.js";
import { AddCardDialog } from "./AddCardDialog.js";
import { paymentMethodsQueryOptions, useUpdatePaymentMethod } from "./api.js";
import { BillingSection } from "./BillingSection.js";
import { CardBrandMark } from "./CardBrandMark.js";
import { cardLabel, cardSpoken, expiryLabel } from "./cards.js";
import { EditCardDialog } from "./EditCardDialog.js";
import { RemoveCardDialog } from "./RemoveCardDialog.js";
import { canChangeMoney, ResellerNotice } from "./ResellerNotice.js";
import { SandboxCardsNote } from "./SandboxCardsNote.js";

/** `/billing-accounts/:id/payment-methods`: the cards on file (B1, B2). */
export function PaymentMethodsPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Payment methods");
  const direct = account?.channel === "direct";
  const cards = useQuery({ ...paymentMethodsQueryOptions(accountId), enabled: direct });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<PaymentMethod | null>(null);
  const [removing, setRemoving] = useState<PaymentMethod | null>(null);
  if (!account) return null;
  if (!direct) {
    return (
      <BillingSection id="cards-title" title="Payment methods">
        <ResellerNotice account={account} />
      </BillingSection>
    );
  }
  const canChange = canChangeMoney(account);

  return (
    <Stack gap="lg">
      <BillingSection
        id="cards-title"
        title="Payment methods"
        description="The default card pays for purchases, add-ons and renewals unless you choose another at checkout."
        action={
          canChange ? (
            <Button onClick={() => setAdding(true)} leftSection={<span aria-hidden>+</span>}>
              Add card
            </Button>
          ) : null
        }
      >
        {cards.isPending ? (
          <Stack gap="sm" role="status" aria-label="Loading cards">
            <Skeleton height={64} />
            <Skeleton height={64} />
          </Stack>
        ) : cards.isError ? (
          <ErrorAlert error={cards.error} title="Could not load the cards" />
        ) : cards.data.length === 0 ? (
          <EmptyState
            size="sm"
            py="lg"
            title="No cards yet"
            description={
              canChange ? "Add a card to buy a subscription. The first card becomes the default." : undefined
            }
          />
        ) : (
          <Stack component="ul" aria-label="Cards" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
            {cards.data.map((card) => (
              <CardRow
                key={card.id}
                accountId={accountId}
                card={card}
                canChange={canChange}
                onEdit={() => setEditing(card)}
                onRemove={() => setRemoving(card)}
              />
            ))}
          </Stack>
        )}
      </BillingSection>
      <SandboxCardsNote />
      {canChange ? (
        <>
          <AddCardDialog accountId={accountId} opened={adding} onClose={() => setAdding(false)} />
          <EditCardDialog accountId={accountId} card={editing} onClose={() => setEditing(null)} />
          <RemoveCardDialog accountId={accountId} card={removing} onClose={() => setRemoving(null)} />
        </>
      ) : null}
    </Stack>
  );
}

interface CardRowProps {
  accountId: string;
  card: PaymentMethod;
  canChange: boolean;
  onEdit: () => void;
  onRemove: () => void;
}

function CardRow({ accountId, card, canChange, onEdit, onRemove }: CardRowProps) {
  const update = useUpdatePaymentMethod(accountId);
  const notify = useNotify();
  const spoken = cardSpoken(card);

  const makeDefault = () =>
    update.mutate(
      { id: card.id, isDefault: true },
      {
        onSuccess: () => notify({ title: "Default card changed", message: `${spoken} now pays by default.` }),
        onError: (error) =>
          notify({ title: "Could not change the default card", message: error.message, color: "red" }),
      },
    );

  return (
    <Paper component="li" withBorder p="md" data-testid={`card-${card.last4}`} aria-label={spoken}>
      <Group justify="space-between" wrap="nowrap" gap="md" align="center">
        <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
          <CardBrandMark brand={card.brand} />
          <Box style={{ minWidth: 0 }}>
            <Group gap={8} wrap="wrap">
              <Text fw={600} size="sm" aria-label={spoken} style={{ whiteSpace: "nowrap" }}>
                {cardLabel(card)}
              </Text>
              {card.isDefault ? (
                <Badge color="indigo" variant="light" radius="sm" size="sm">
                  Default
                </Badge>
              ) : null}
              {card.expired ? (
                <Badge color="red" variant="light" radius="sm" size="sm">
                  Expired
                </Badge>
              ) : null}
            </Group>
            {/* Each part wraps as a whole, so a phone shows "Name ·" / "Expires 12/2029" cleanly. */}
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              <span style={{ display: "inline-block" }}>{card.holderName}</span>
              <span aria-hidden> · </span>
              <span style={{ display: "inline-block" }}>
                {card.expired ? "Expired" : "Expires"} {expiryLabel(card)}
              </span>
            </Text>
          </Box>
        </Group>
        {canChange ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={`Actions for ${spoken}`}
                loading={update.isPending}
              >
                <span aria-hidden style={{ fontSize: 20, lineHeight: 1 }}>
                  ⋯
                </span>
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {!card.isDefault ? (
                <Menu.Item onClick={makeDefault} disabled={card.expired}>
                  Make default
                </Menu.Item>
              ) : null}
              <Menu.Item onClick={onEdit}>Edit</Menu.Item>
              <Menu.Item color="red.9" onClick={onRemove}>
                Remove
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
    </Paper>
  );
}
