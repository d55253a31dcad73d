import {
  Alert,
  Box,
  Button,
  Card,
  Grid,
  Group,
  List,
  NumberInput,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useEffect, useMemo, useState } from "react";
import type { BillingAccount } from "../../../shared/accounts.js";
import type { CatalogResponse, Deployment, PurchaseRequest } from "../../../shared/billing.js";
import { errorMessage, isApiError } from "../../api/client.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { formatMoney } from "../../ui/formatMoney.js";
import { AnchorLink } from "../../ui/links.js";
import { useNotify } from "../../ui/notifications.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { useAccount } from "../accounts/useAccount.js";
import { paymentMethodsQueryOptions, plansQueryOptions, purchasePreviewQueryOptions, usePurchase } from "./api.js";
import { BillingSection } from "./BillingSection.js";
import { PayWith, preferredCard } from "./CardPicker.js";
import { deploymentLabels } from "./format.js";
import { QuoteSummary } from "./QuoteSummary.js";
import { canChangeMoney, ResellerNotice } from "./ResellerNotice.js";
import { useIdempotencyKey } from "./useIdempotencyKey.js";

type Plan = CatalogResponse["plans"][number];

/** `/billing-accounts/:id/subscriptions/new`: choose a plan, deployment and seats, see the price, pay (B3–B5). */
export function PurchasePage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Buy a subscription");
  if (!account) return null;
  if (!canChangeMoney(account)) {
    return (
      <BillingSection id="purchase-title" title="Buy a subscription">
        {account.channel === "reseller" ? (
          <ResellerNotice account={account} />
        ) : (
          <Alert color="gray" variant="light" title="Read-only">
            Staff can look at this account but not buy for it.
          </Alert>
        )}
      </BillingSection>
    );
  }
  return <PurchaseForm account={account} />;
}

const priceIn = (plan: Plan, currency: string) => plan.seatPrices.find((price) => price.currency === currency) ?? null;

function PurchaseForm({ account }: { account: BillingAccount }) {
  const padding = useIsPhone() ? "md" : "xl";
  const plans = useQuery(plansQueryOptions());
  const cards = useQuery(paymentMethodsQueryOptions(account.id));
  const [planId, setPlanId] = useState<string | null>(null);
  const [deployment, setDeployment] = useState<Deployment>("saas");
  const [seats, setSeats] = useState<number | string>(5);
  const [cardId, setCardId] = useState<string | null>(null);
  const idempotency = useIdempotencyKey();
  const purchase = usePurchase(account.id);
  const navigate = useNavigate();
  const notify = useNotify();

  const sellable = (plans.data?.plans ?? []).filter((plan) => priceIn(plan, account.currency) !== null);
  const plan = sellable.find((p) => p.id === planId) ?? null;

  useEffect(() => {
    if (planId === null && sellable[0]) setPlanId(sellable[0].id);
  }, [planId, sellable]);
  useEffect(() => {
    if (plan && !plan.deployments.includes(deployment) && plan.deployments[0]) setDeployment(plan.deployments[0]);
  }, [plan, deployment]);
  useEffect(() => {
    if (cardId === null && cards.data) setCardId(preferredCard(cards.data)?.id ?? null);
  }, [cards.data, cardId]);

  const seatCount = typeof seats === "number" ? seats : Number.NaN;
  const seatsError =
    seats === ""
      ? "Enter the number of seats"
      : !Number.isInteger(seatCount) || (plan && (seatCount < plan.minSeats || seatCount > plan.maxSeats))
        ? plan
          ? `From ${plan.minSeats.toLocaleString("en")} to ${plan.maxSeats.toLocaleString("en")} seats`
          : "Enter a whole number"
        : null;
  const body: PurchaseRequest | null =
    plan && !seatsError ? { billingAccountId: account.id, planId: plan.id, deployment, seats: seatCount } : null;
  // Debounced by its JSON: a new object each render must not restart the timer.
  const bodyJson = JSON.stringify(body);
  const [debouncedJson] = useDebouncedValue(bodyJson, 250);
  const debounced = useMemo(() => JSON.parse(debouncedJson) as typeof body, [debouncedJson]);
  const preview = useQuery(purchasePreviewQueryOptions(debounced));
  const stale = preview.isFetching || debouncedJson !== bodyJson;
  const previewError = preview.isError && !stale ? preview.error : null;

  const pay = async () => {
    if (!body || !cardId) return;
    try {
      const result = await purchase.mutateAsync({
        body: { ...body, paymentMethodId: cardId },
        idempotencyKey: idempotency.key(),
      });
      notify({
        title: "Subscription bought",
        message: `${result.subscription.subscriptionNumber} is active. Invoice ${result.invoice.invoiceNumber}: ${formatMoney(result.invoice.total)} paid.`,
      });
      await navigate({ to: "/billing-accounts/$accountId/subscriptions", params: { accountId: account.id } });
    } catch (error) {
      idempotency.settle(error);
    }
  };

  if (plans.isPending) return <Skeleton height={320} />;
  if (plans.isError) return <ErrorAlert error={plans.error} title="Could not load the plans" />;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
        <Stack gap="lg">
          <Card component="section" aria-labelledby="plan-title" padding={padding}>
            <Stack gap={4} mb="xs">
              <Title order={2} size="h3" id="plan-title">
                Choose a plan
              </Title>
              <Text size="sm" c="dimmed">
                Priced per seat per year in {account.currency}.{" "}
                <AnchorLink
                  to="/billing-accounts/$accountId/subscriptions"
                  params={{ accountId: account.id }}
                  size="sm"
                  underline="always"
                >
                  Back to subscriptions
                </AnchorLink>
              </Text>
            </Stack>
            {sellable.length === 0 ? (
              <Alert color="yellow" variant="light" title={`No plan is sold in ${account.currency}`}>
                Contact us to buy in another currency.
              </Alert>
            ) : (
              <Radio.Group value={planId} onChange={setPlanId} label={<VisuallyHidden>Plan</VisuallyHidden>}>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  {sellable.map((p) => (
                    <PlanCard key={p.id} plan={p} currency={account.currency} selected={p.id === planId} />
                  ))}
                </SimpleGrid>
              </Radio.Group>
            )}
          </Card>

          <Card component="section" aria-labelledby="setup-title" padding={padding}>
            <Title order={2} size="h3" id="setup-title" mb="lg">
              Deployment and seats
            </Title>
            <Stack gap="lg">
              <Stack gap={6}>
                <Text size="sm" fw={500} id="deployment-label">
                  Deployment
                </Text>
                <SegmentedControl
                  value={deployment}
                  onChange={(value) => setDeployment(value as Deployment)}
                  aria-labelledby="deployment-label"
                  data={(["saas", "self_managed"] as const).map((d) => ({
                    value: d,
                    label: deploymentLabels[d],
                    disabled: plan ? !plan.deployments.includes(d) : false,
                  }))}
                  style={{ alignSelf: "flex-start" }}
                />
                <Text size="xs" c="dimmed">
                  {deployment === "saas"
                    ? "Hosted by us: link the subscription to your group after buying."
                    : "Runs on your servers: you get a license file for your instance."}
                </Text>
              </Stack>
              <NumberInput
                label="Seats"
                description="One seat per user. You can add seats later; seats can only be reduced at renewal."
                min={plan?.minSeats ?? 1}
                max={plan?.maxSeats ?? 1_000_000}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator=","
                value={seats}
                onChange={setSeats}
                error={seats !== "" && seatsError ? seatsError : undefined}
                maw={220}
              />
            </Stack>
          </Card>
        </Stack>
      </Grid.Col>

      <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
        <Card
          component="section"
          aria-labelledby="summary-title"
          padding={padding}
          style={{ position: "sticky", top: 80 }}
        >
          <Title order={2} size="h3" id="summary-title" mb="md">
            Summary
          </Title>
          <Stack gap="md">
            <Box aria-live="polite">
              {preview.data && body ? (
                <QuoteSummary quote={preview.data} stale={stale} />
              ) : previewError ? null : body ? (
                <Skeleton height={96} />
              ) : (
                <Text size="sm" c="dimmed">
                  Choose a plan and seats to see the price.
                </Text>
              )}
            </Box>
            {previewError ? (
              <Alert color="red" variant="light" role="alert" title="No price for this">
                {errorMessage(previewError)}
              </Alert>
            ) : null}
            {plan ? (
              <Text size="xs" c="dimmed">
                A one-year term starting today. It renews automatically with the default card; you can turn that off.
              </Text>
            ) : null}
            <PayWith
              accountId={account.id}
              cards={cards.data}
              value={cardId}
              onChange={setCardId}
              pending={<Skeleton height={56} />}
            />
            {purchase.error ? (
              <Alert
                color="red"
                variant="light"
                role="alert"
                title={isApiError(purchase.error, 402) ? "The payment was declined" : "Could not complete the purchase"}
              >
                {errorMessage(purchase.error)}
              </Alert>
            ) : null}
            <Button
              size="md"
              fullWidth
              onClick={() => void pay()}
              loading={purchase.isPending}
              disabled={!body || !cardId || !preview.data || stale || previewError !== null}
            >
              {preview.data && body && !stale ? `Pay ${formatMoney(preview.data.total)}` : "Pay"}
            </Button>
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}

function PlanCard({ plan, currency, selected }: { plan: Plan; currency: string; selected: boolean }) {
  const price = priceIn(plan, currency);
  return (
    <Radio.Card
      value={plan.id}
      p="lg"
      radius="md"
      aria-label={`${plan.name}, ${price ? formatMoney(price) : ""} per seat per year`}
      style={{
        height: "100%",
        // A button centres its content vertically; plan cards read from the top.
        display: "flex",
        flexDirection: "column",
        justifyContent: "flex-start",
        borderColor: selected ? "var(--mantine-color-indigo-6)" : undefined,
        boxShadow: selected ? "0 0 0 1px var(--mantine-color-indigo-6)" : undefined,
      }}
    >
      <Stack gap="sm" w="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={650} size="lg">
            {plan.name}
          </Text>
          <Radio.Indicator />
        </Group>
        <Group gap={6} align="baseline">
          <Text fw={700} fz={28} lh={1} style={{ fontVariantNumeric: "tabular-nums" }}>
            {price ? formatMoney(price) : "—"}
          </Text>
          <Text size="sm" c="dimmed">
            per seat / year
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          {plan.description}
        </Text>
        <List
          size="sm"
          spacing={4}
          icon={
            <Text span c="teal.8" fw={700} aria-hidden>
              ✓
            </Text>
          }
        >
          {plan.features.map((feature) => (
            <List.Item key={feature}>{feature}</List.Item>
          ))}
        </List>
        <Text size="xs" c="dimmed">
          {plan.deployments.map((d) => deploymentLabels[d]).join(" or ")}
        </Text>
      </Stack>
    </Radio.Card>
  );
}
