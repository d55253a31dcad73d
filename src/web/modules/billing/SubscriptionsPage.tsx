import {
  Alert,
  Badge,
  Box,
  Button,
  EmptyState,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { BillingAccount } from "../../../shared/accounts.js";
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { AnchorLink, ButtonLink } from "../../ui/links.js";
import { useNotify } from "../../ui/notifications.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { useAccount } from "../accounts/useAccount.js";
import { AddOnDialog } from "./AddOnDialog.js";
import { subscriptionsQueryOptions, useSetAutoRenew } from "./api.js";
import { BillingSection } from "./BillingSection.js";
import { deploymentLabels, formatDay, plural, statusColors, statusLabels } from "./format.js";
import { canChangeMoney, ResellerNotice } from "./ResellerNotice.js";
import { SubscriptionUse } from "./SubscriptionUse.js";

/** `/billing-accounts/:id/subscriptions`: what the account has bought (S1), auto-renew (B7), add-ons. */
export function SubscriptionsPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Subscriptions");
  const subscriptions = useQuery(subscriptionsQueryOptions(accountId));
  const [addingTo, setAddingTo] = useState<SubscriptionSummary | null>(null);
  if (!account) return null;
  const canChange = canChangeMoney(account);

  return (
    <Stack gap="lg">
      {account.channel === "reseller" ? (
        <ResellerNotice account={account}>
          {account.access === "manager" ? (
            // R1: what stays theirs on a reseller account.
            <Text size="sm" mt={4}>
              Here you link a GitLab.com group, download the license and activate your instance.
            </Text>
          ) : null}
        </ResellerNotice>
      ) : null}
      <BillingSection
        id="subscriptions-title"
        title="Subscriptions"
        // S5: no merge or split, said where every manager (phones too) reads it.
        description={
          account.channel === "reseller"
            ? "Each subscription has its own plan, seats and term. There is no merge or split: more seats come as an add-on to the existing subscription, ordered through your reseller."
            : "Each subscription has its own plan, seats and term. There is no merge or split: more seats come as an add-on to the existing subscription, or buy another one."
        }
        action={
          canChange ? (
            <ButtonLink to="/billing-accounts/$accountId/subscriptions/new" params={{ accountId }}>
              Buy a subscription
            </ButtonLink>
          ) : null
        }
      >
        {subscriptions.isPending ? (
          <Stack gap="sm" role="status" aria-label="Loading subscriptions">
            <Skeleton height={120} />
          </Stack>
        ) : subscriptions.isError ? (
          <ErrorAlert error={subscriptions.error} title="Could not load the subscriptions" />
        ) : subscriptions.data.length === 0 ? (
          <EmptyState
            size="sm"
            py="lg"
            title="No subscriptions yet"
            description={
              canChange ? "Buy a subscription to get started: choose a plan, a deployment and seats." : undefined
            }
          />
        ) : (
          <Stack component="ul" aria-label="Subscriptions" gap="md" p={0} m={0} style={{ listStyle: "none" }}>
            {subscriptions.data.map((subscription) => (
              <SubscriptionCard
                key={subscription.id}
                account={account}
                subscription={subscription}
                canChange={canChange && subscription.invoiceOwner === "account"}
                onAddOn={() => setAddingTo(subscription)}
              />
            ))}
          </Stack>
        )}
      </BillingSection>
      {canChange ? <AddOnDialog account={account} subscription={addingTo} onClose={() => setAddingTo(null)} /> : null}
    </Stack>
  );
}

interface SubscriptionCardProps {
  account: BillingAccount;
  subscription: SubscriptionSummary;
  canChange: boolean;
  onAddOn: () => void;
}

function SubscriptionCard({ account, subscription: s, canChange, onAddOn }: SubscriptionCardProps) {
  const live = s.status === "active" || s.status === "past_due";
  const title = `${s.planName} · ${deploymentLabels[s.deployment]}`;
  const isPhone = useIsPhone();
  // Top right on wide screens; on phones the last thing in the card, full width.
  const addOnButton =
    canChange && live ? (
      <Button variant="default" size="sm" onClick={onAddOn} fullWidth={isPhone}>
        Add seats, storage or compute
      </Button>
    ) : null;
  return (
    <Paper
      component="li"
      withBorder
      p={isPhone ? "md" : "lg"}
      aria-label={`${title}, ${s.subscriptionNumber}`}
      data-testid={`subscription-${s.subscriptionNumber}`}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Box style={{ minWidth: 0 }}>
            <Group gap="sm" wrap="wrap">
              <Text fw={650} size="lg">
                {title}
              </Text>
              <Badge color={statusColors[s.status]} variant="light" radius="sm">
                {statusLabels[s.status]}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" ff="monospace">
              {s.subscriptionNumber}
            </Text>
          </Box>
          {isPhone ? null : addOnButton}
        </Group>

        {s.status === "past_due" ? (
          <Alert color="orange" variant="light" title="The renewal payment failed">
            <Text size="sm">
              {s.renewalProblem ?? "The card was declined."} We will try again.{" "}
              {canChange ? (
                <AnchorLink
                  to="/billing-accounts/$accountId/payment-methods"
                  params={{ accountId: account.id }}
                  size="sm"
                  underline="always"
                >
                  Update your payment method
                </AnchorLink>
              ) : null}
            </Text>
          </Alert>
        ) : null}

        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" verticalSpacing="sm">
          <Fact label="Seats" value={s.seats.toLocaleString("en")} />
          <Fact label="Storage" value={s.storagePacks > 0 ? plural(s.storagePacks, "pack") : "No extra packs"} />
          <Fact
            label="Term"
            value={
              // Each date wraps as a whole: "Dec 1, 2026 –" / "Dec 1, 2027", never "Dec" / "1, 2027".
              <>
                <span style={{ whiteSpace: "nowrap" }}>{formatDay(s.termStart)} –</span>{" "}
                <span style={{ whiteSpace: "nowrap" }}>{formatDay(s.termEnd)}</span>
              </>
            }
          />
          <Fact
            label="Invoiced by"
            value={s.invoiceOwner === "reseller" ? (s.resellerName ?? "Your reseller") : "Billed directly"}
          />
        </SimpleGrid>

        <SubscriptionUse
          accountId={account.id}
          subscription={s}
          // S2–S4 are the account's managers' on reseller accounts too (R1); staff only look.
          canUse={account.access === "manager" && live}
        />

        <Group
          justify="space-between"
          gap="sm"
          wrap="wrap"
          pt="sm"
          style={{ borderTop: "1px solid var(--mantine-color-gray-2)" }}
        >
          <RenewalLine account={account} subscription={s} canChange={canChange && live} />
        </Group>
        {isPhone ? addOnButton : null}
      </Stack>
    </Paper>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Box style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
        {label}
      </Text>
      <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
        {value}
      </Text>
    </Box>
  );
}

function RenewalLine({
  account,
  subscription: s,
  canChange,
}: {
  account: BillingAccount;
  subscription: SubscriptionSummary;
  canChange: boolean;
}) {
  const setAutoRenew = useSetAutoRenew(account.id);
  const notify = useNotify();
  const describe =
    s.status === "expired" || s.status === "cancelled"
      ? `Ended on ${formatDay(s.termEnd)}.`
      : s.invoiceOwner === "reseller"
        ? // R1: the reseller invoices and renews it; no card of this account is charged.
          s.autoRenew
          ? `Auto-renew is on: ${s.resellerName ?? "your reseller"} renews it on ${formatDay(s.termEnd)}.`
          : `Auto-renew is off: ends on ${formatDay(s.termEnd)}. ${s.resellerName ?? "Your reseller"} can renew it.`
        : s.autoRenew
          ? `Renews on ${formatDay(s.termEnd)}, charged to the default card. Seats can only be reduced at renewal.`
          : `Ends on ${formatDay(s.termEnd)}; it will not renew.`;
  if (!canChange) {
    return (
      <Text size="sm" c="dimmed">
        {describe}
      </Text>
    );
  }
  return (
    <>
      <Text size="sm" c="dimmed" style={{ flex: "1 1 240px" }}>
        {describe}
      </Text>
      <Switch
        label="Auto-renew"
        labelPosition="left"
        checked={s.autoRenew}
        disabled={setAutoRenew.isPending}
        onChange={(event) => {
          const autoRenew = event.currentTarget.checked;
          setAutoRenew.mutate(
            { subscriptionId: s.id, autoRenew },
            {
              onSuccess: () =>
                notify({
                  title: autoRenew ? "Auto-renew on" : "Auto-renew off",
                  message: autoRenew
                    ? `${s.subscriptionNumber} renews on ${formatDay(s.termEnd)}.`
                    : `${s.subscriptionNumber} ends on ${formatDay(s.termEnd)}.`,
                }),
              onError: (error) =>
                notify({ title: "Could not change auto-renew", message: error.message, color: "red" }),
            },
          );
        }}
      />
    </>
  );
}
