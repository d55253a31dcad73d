import { Divider, Group, Loader, Stack, Text } from "@mantine/core";
import type { QuoteDto } from "../../../shared/billing.js";
import { formatMoney } from "../../ui/formatMoney.js";
import { formatDay } from "./format.js";

/**
 * The price preview (B4): each line, prorated ones with "X of Y days", then the total. It is the
 * server's computation, the same one that charges, so what is shown is what is paid.
 */
export function QuoteSummary({ quote, stale = false }: { quote: QuoteDto; stale?: boolean }) {
  return (
    // While a new preview loads the old one stays (no jumping), marked busy, with a spinner by the
    // total; fading it instead left the text below contrast minimums (axe).
    <Stack gap="sm" aria-busy={stale}>
      {quote.lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id and never reorder
        <Group key={index} justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500}>
              {line.description}
            </Text>
            <Text size="xs" c="dimmed">
              {line.quantity.toLocaleString("en")} × {formatMoney(line.unitAmount)}
              {line.proration ? " a year" : ""}
            </Text>
            {line.proration ? (
              <Text size="xs" c="dimmed" data-testid="proration">
                Prorated: {line.proration.days} of {line.proration.termDays} days ({formatDay(line.proration.from)} –{" "}
                {formatDay(line.proration.to)})
              </Text>
            ) : null}
          </Stack>
          <Text size="sm" fw={500} style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
            {formatMoney(line.amount)}
          </Text>
        </Group>
      ))}
      <Divider />
      {quote.tax.amountMinor !== 0 ? (
        <>
          <AmountRow label="Subtotal" amount={formatMoney(quote.subtotal)} />
          <AmountRow label="Tax" amount={formatMoney(quote.tax)} />
        </>
      ) : null}
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Text fw={600}>Total due today</Text>
          {stale ? <Loader size={14} aria-label="Updating the price" /> : null}
        </Group>
        <Text fw={700} size="lg" data-testid="quote-total" style={{ fontVariantNumeric: "tabular-nums" }}>
          {formatMoney(quote.total)}
        </Text>
      </Group>
    </Stack>
  );
}

function AmountRow({ label, amount }: { label: string; amount: string }) {
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
        {amount}
      </Text>
    </Group>
  );
}
