import {
  Alert,
  Button,
  Group,
  List,
  Modal,
  NativeSelect,
  NumberInput,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { BillingAccount } from "../../../shared/accounts.js";
import type { AddOnRequest, SubscriptionSummary } from "../../../shared/billing.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { formatMoney } from "../../ui/formatMoney.js";
import { useNotify } from "../../ui/notifications.js";
import { addOnPreviewQueryOptions, paymentMethodsQueryOptions, plansQueryOptions, useBuyAddOn } from "./api.js";
import { PayWith, preferredCard } from "./CardPicker.js";
import { deploymentLabels } from "./format.js";
import { QuoteSummary } from "./QuoteSummary.js";
import { useIdempotencyKey } from "./useIdempotencyKey.js";

type Kind = "seats" | "storage" | "compute";

/**
 * Add seats, storage or compute minutes to a subscription (issue 15, item 5): a live preview as
 * the quantity changes (prorated to the day, the same computation that charges), then Pay.
 */
export function AddOnDialog({
  account,
  subscription,
  onClose,
}: {
  account: BillingAccount;
  subscription: SubscriptionSummary | null;
  onClose: () => void;
}) {
  // While a payment is on its way the dialog stays open: reopening it would make a new
  // Idempotency-Key, and a second Pay could then charge again.
  const [paying, setPaying] = useState(false);
  return (
    <Modal
      opened={subscription !== null}
      onClose={() => {
        if (!paying) onClose();
      }}
      withCloseButton={!paying}
      title={
        subscription
          ? `Add to ${subscription.planName} · ${deploymentLabels[subscription.deployment]}`
          : "Add to subscription"
      }
      centered
      size="lg"
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {/* Mounted per opening: a fresh form and a fresh Idempotency-Key each time. */}
      {subscription ? (
        <AddOnForm account={account} subscription={subscription} onDone={onClose} onPaying={setPaying} />
      ) : null}
    </Modal>
  );
}

function AddOnForm({
  account,
  subscription,
  onDone,
  onPaying,
}: {
  account: BillingAccount;
  subscription: SubscriptionSummary;
  onDone: () => void;
  onPaying: (paying: boolean) => void;
}) {
  const plans = useQuery(plansQueryOptions());
  const cards = useQuery(paymentMethodsQueryOptions(account.id));
  const [kind, setKind] = useState<Kind>("seats");
  const [packId, setPackId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const [cardId, setCardId] = useState<string | null>(null);
  const idempotency = useIdempotencyKey();
  const buy = useBuyAddOn(account.id);
  const notify = useNotify();

  const packs = (plans.data?.packs ?? []).filter((pack) => pack.kind === kind);
  const pack = packs.find((p) => p.id === packId) ?? packs[0] ?? null;

  useEffect(() => {
    if (cardId === null && cards.data) setCardId(preferredCard(cards.data)?.id ?? null);
  }, [cards.data, cardId]);

  const count = typeof quantity === "number" ? quantity : Number.NaN;
  const validQuantity = Number.isInteger(count) && count >= 1;
  const body: AddOnRequest | null = !validQuantity
    ? null
    : kind === "seats"
      ? { kind: "seats", quantity: count }
      : pack
        ? { kind: "pack", packId: pack.id, quantity: count }
        : null;
  // Debounced by its JSON: a new object each render must not restart the timer.
  const bodyJson = JSON.stringify(body);
  const [debouncedJson] = useDebouncedValue(bodyJson, 250);
  const debounced = useMemo(() => JSON.parse(debouncedJson) as typeof body, [debouncedJson]);
  const preview = useQuery(addOnPreviewQueryOptions(subscription.id, debounced));
  const stale = preview.isFetching || debouncedJson !== bodyJson;

  const pay = async () => {
    if (!body || !cardId) return;
    onPaying(true);
    try {
      const result = await buy.mutateAsync({
        subscriptionId: subscription.id,
        body: { ...body, paymentMethodId: cardId },
        idempotencyKey: idempotency.key(),
      });
      notify({
        title: "Payment received",
        message: `Invoice ${result.invoice.invoiceNumber}: ${formatMoney(result.invoice.total)} paid.`,
      });
      onPaying(false);
      onDone();
    } catch (error) {
      onPaying(false);
      idempotency.settle(error);
    }
  };

  const previewError = preview.isError && !stale ? preview.error : null;

  return (
    <Stack gap="md">
      <SegmentedControl
        fullWidth
        value={kind}
        onChange={(value) => {
          setKind(value as Kind);
          setPackId(null);
          setQuantity(1);
        }}
        data={[
          { value: "seats", label: "Seats" },
          { value: "storage", label: "Storage" },
          { value: "compute", label: "Compute" },
        ]}
        aria-label="What to add"
      />
      {kind !== "seats" && packs.length > 1 ? (
        <NativeSelect
          label="Pack"
          value={pack?.id ?? ""}
          onChange={(event) => setPackId(event.currentTarget.value)}
          data={packs.map((p) => ({ value: p.id, label: p.name }))}
        />
      ) : null}
      {kind !== "seats" && pack ? (
        <Text size="sm" c="dimmed">
          {pack.name}: {pack.description}
        </Text>
      ) : null}
      <NumberInput
        label={kind === "seats" ? "Seats to add" : "Packs"}
        description={
          kind === "seats" ? `The subscription has ${subscription.seats.toLocaleString("en")} seats.` : undefined
        }
        min={1}
        max={kind === "seats" ? 1_000_000 : (pack?.maxQuantity ?? 1000)}
        allowDecimal={false}
        allowNegative={false}
        thousandSeparator=","
        value={quantity}
        onChange={setQuantity}
        error={quantity !== "" && !validQuantity ? "Enter a whole number, at least 1" : undefined}
        w={200}
      />

      <Stack gap="xs" p="md" bg="gray.0" style={{ borderRadius: "var(--mantine-radius-md)" }} aria-live="polite">
        {preview.data ? (
          <QuoteSummary quote={preview.data} stale={stale} />
        ) : previewError ? null : (
          <Skeleton height={72} />
        )}
      </Stack>
      {previewError ? (
        <Alert color="red" variant="light" role="alert" title="No price for this">
          {errorMessage(previewError)}
        </Alert>
      ) : null}

      <List size="xs" c="dimmed" spacing={2}>
        <List.Item>Seats can only be reduced at renewal.</List.Item>
        <List.Item>There is no merge or split: added seats and storage end with this subscription's term.</List.Item>
      </List>

      <PayWith accountId={account.id} cards={cards.data} value={cardId} onChange={setCardId} />

      {buy.error ? (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={isApiError(buy.error, 402) ? "The payment was declined" : "Could not complete the payment"}
        >
          {errorMessage(buy.error)}
        </Alert>
      ) : null}

      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone} disabled={buy.isPending}>
          Cancel
        </Button>
        <Button
          onClick={() => void pay()}
          loading={buy.isPending}
          disabled={!body || !cardId || !preview.data || stale || previewError !== null}
        >
          {preview.data && !stale ? `Pay ${formatMoney(preview.data.total)}` : "Pay"}
        </Button>
      </Group>
    </Stack>
  );
}
