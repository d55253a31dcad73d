import { Anchor, Badge, EmptyState, Skeleton, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { InvoiceSummary } from "../../../shared/billing.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { formatMoney } from "../../ui/formatMoney.js";
import { StackedField, StackedItem, StackedList } from "../../ui/StackedList.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { useAccount } from "../accounts/useAccount.js";
import { invoicesQueryOptions } from "./api.js";
import { BillingSection } from "./BillingSection.js";
import { formatDay, invoiceKindLabels } from "./format.js";
import { ResellerNotice } from "./ResellerNotice.js";

/** `/billing-accounts/:id/invoices`: every charge's invoice, newest first, each as PDF (B4, B6). */
export function InvoicesPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Invoices");
  const direct = account?.channel === "direct";
  const invoices = useQuery({ ...invoicesQueryOptions(accountId), enabled: direct });
  const isPhone = useIsPhone();
  if (!account) return null;
  if (!direct) {
    // B6: the reseller invoices its customers; there are none here.
    return (
      <BillingSection id="invoices-title" title="Invoices">
        <ResellerNotice account={account} />
      </BillingSection>
    );
  }
  return (
    <BillingSection
      id="invoices-title"
      title="Invoices"
      description="One invoice per payment. Invoices are final: the PDF always shows the details as they were when it was issued."
    >
      {invoices.isPending ? (
        <Stack gap="sm" role="status" aria-label="Loading invoices">
          <Skeleton height={36} />
          <Skeleton height={36} />
        </Stack>
      ) : invoices.isError ? (
        <ErrorAlert error={invoices.error} title="Could not load the invoices" />
      ) : invoices.data.length === 0 ? (
        <EmptyState
          size="sm"
          py="lg"
          title="No invoices yet"
          description="Each purchase, add-on and renewal adds one."
        />
      ) : isPhone ? (
        <StackedList label="Invoices">
          {invoices.data.map((invoice) => (
            <StackedItem key={invoice.id} data-testid={`invoice-${invoice.invoiceNumber}`}>
              <Text fw={600} size="sm" ff="monospace">
                {invoice.invoiceNumber}
              </Text>
              <StackedField label="Date">
                <Text size="sm">{formatDay(invoice.issuedAt)}</Text>
              </StackedField>
              <StackedField label="Subscription">
                <Text size="sm">{subscriptionText(invoice)}</Text>
              </StackedField>
              <StackedField label="Amount">
                <Text size="sm" fw={600}>
                  {formatMoney(invoice.total)}
                </Text>
              </StackedField>
              <StackedField label="Status">
                <PaidBadge />
              </StackedField>
              <PdfLink invoice={invoice} />
            </StackedItem>
          ))}
        </StackedList>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table verticalSpacing="sm" aria-label="Invoices" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Invoice</Table.Th>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Subscription</Table.Th>
                <Table.Th scope="col" ta="right">
                  Amount
                </Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col" ta="right">
                  <VisuallyHidden>PDF</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoices.data.map((invoice) => (
                <Table.Tr key={invoice.id} data-testid={`invoice-${invoice.invoiceNumber}`}>
                  <Table.Td>
                    <Text size="sm" fw={600} ff="monospace" style={{ whiteSpace: "nowrap" }}>
                      {invoice.invoiceNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text size="sm">{formatDay(invoice.issuedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{subscriptionText(invoice)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" fw={600} style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
                      {formatMoney(invoice.total)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <PaidBadge />
                  </Table.Td>
                  <Table.Td ta="right">
                    <PdfLink invoice={invoice} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </BillingSection>
  );
}

function subscriptionText(invoice: InvoiceSummary): string {
  const kind = invoiceKindLabels[invoice.kind];
  return invoice.subscriptionNumber ? `${invoice.subscriptionNumber} · ${kind}` : kind;
}

function PaidBadge() {
  return (
    <Badge color="green" variant="light" radius="sm">
      Paid
    </Badge>
  );
}

function PdfLink({ invoice }: { invoice: InvoiceSummary }) {
  return (
    <Anchor
      href={invoice.pdfUrl}
      download
      size="sm"
      fw={500}
      aria-label={`Download invoice ${invoice.invoiceNumber} as PDF`}
      style={{ whiteSpace: "nowrap" }}
    >
      Download PDF
    </Anchor>
  );
}
