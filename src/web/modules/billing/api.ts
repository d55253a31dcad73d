// Queries and mutations for money: plans, cards, purchases, subscriptions, add-ons, invoices
// (DESIGN.md B1–B7, S1, R1). Shapes come from the shared contract (src/shared/billing.ts).
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type {
  AddOnRequest,
  CatalogResponse,
  InvoiceSummary,
  PaymentMethod,
  PurchaseRequest,
  PurchaseResult,
  QuoteDto,
  SubscriptionSummary,
  UpdatePaymentMethod,
} from "../../../shared/billing.js";
import { api, type DownloadedFile, isApiError, requestJson } from "../../api/client.js";
import { accountsKey } from "../accounts/api.js";

const moneyKey = (accountId: string) => [...accountsKey, accountId, "money"] as const;
const paymentMethodsKey = (accountId: string) => [...moneyKey(accountId), "payment-methods"] as const;
const subscriptionsKey = (accountId: string) => [...moneyKey(accountId), "subscriptions"] as const;
const invoicesKey = (accountId: string) => [...moneyKey(accountId), "invoices"] as const;

/** A 4xx (403 reseller_read_only, 404) will not change on retry. */
const retryUnless4xx = (failureCount: number, error: Error) =>
  !(isApiError(error) && error.status < 500) && failureCount < 2;

export const plansQueryOptions = () =>
  queryOptions({
    queryKey: ["plans"],
    queryFn: ({ signal }) => api.get<CatalogResponse>("/plans", signal),
    staleTime: 5 * 60_000,
  });

export const paymentMethodsQueryOptions = (accountId: string) =>
  queryOptions({
    queryKey: paymentMethodsKey(accountId),
    queryFn: async ({ signal }) =>
      (await api.get<{ paymentMethods: PaymentMethod[] }>(`/billing-accounts/${accountId}/payment-methods`, signal))
        .paymentMethods,
    retry: retryUnless4xx,
  });

export const subscriptionsQueryOptions = (accountId: string) =>
  queryOptions({
    queryKey: subscriptionsKey(accountId),
    queryFn: async ({ signal }) =>
      (await api.get<{ subscriptions: SubscriptionSummary[] }>(`/billing-accounts/${accountId}/subscriptions`, signal))
        .subscriptions,
    retry: retryUnless4xx,
  });

export const invoicesQueryOptions = (accountId: string) =>
  queryOptions({
    queryKey: invoicesKey(accountId),
    queryFn: async ({ signal }) =>
      (await api.get<{ invoices: InvoiceSummary[] }>(`/billing-accounts/${accountId}/invoices`, signal)).invoices,
    retry: retryUnless4xx,
  });

export const purchasePreviewQueryOptions = (body: PurchaseRequest | null) =>
  queryOptions({
    queryKey: ["purchase-preview", body],
    queryFn: () => api.post<QuoteDto>("/purchases/preview", body),
    enabled: body !== null,
    retry: retryUnless4xx,
    placeholderData: (previous) => previous,
  });

export const addOnPreviewQueryOptions = (subscriptionId: string, body: AddOnRequest | null) =>
  queryOptions({
    queryKey: ["add-on-preview", subscriptionId, body],
    queryFn: () => api.post<QuoteDto>(`/subscriptions/${subscriptionId}/add-ons/preview`, body),
    enabled: body !== null,
    retry: retryUnless4xx,
    placeholderData: (previous) => previous,
  });

// ---------------------------------------------------------------------------------------------
// Cards (B1, B2)
// ---------------------------------------------------------------------------------------------

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CardToken {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/**
 * B1: the card number goes to the gateway's tokenisation endpoint (the built-in sandbox serves
 * one outside /api, as a real processor's script would), never to Billfold's API.
 */
export function tokeniseCard(card: CardDetails): Promise<CardToken> {
  return requestJson<CardToken>("POST", "/sandbox-gateway/v1/tokens", card);
}

/** POST only the token (and the holder's name) to the API; the number stayed with the gateway. */
export function useAddPaymentMethod(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      token,
      holderName,
      idempotencyKey,
    }: {
      token: string;
      holderName: string;
      idempotencyKey: string;
    }) =>
      api.postIdempotent<PaymentMethod>(
        `/billing-accounts/${accountId}/payment-methods`,
        { token, holderName },
        idempotencyKey,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: paymentMethodsKey(accountId) }),
  });
}

export function useUpdatePaymentMethod(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdatePaymentMethod & { id: string }) =>
      api.patch<PaymentMethod>(`/billing-accounts/${accountId}/payment-methods/${id}`, body),
    // Making a card the default also changes the one that was (B2): reload the list.
    onSettled: () => queryClient.invalidateQueries({ queryKey: paymentMethodsKey(accountId) }),
  });
}

export function useRemovePaymentMethod(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/billing-accounts/${accountId}/payment-methods/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: paymentMethodsKey(accountId) }),
  });
}

// ---------------------------------------------------------------------------------------------
// Purchases, subscriptions, add-ons (B3–B5, S1)
// ---------------------------------------------------------------------------------------------

/** After money moved: subscriptions and invoices changed, and the account's activity. */
function invalidateAfterCharge(queryClient: ReturnType<typeof useQueryClient>, accountId: string) {
  void queryClient.invalidateQueries({ queryKey: subscriptionsKey(accountId) });
  void queryClient.invalidateQueries({ queryKey: invoicesKey(accountId) });
  void queryClient.invalidateQueries({ queryKey: [...accountsKey, accountId, "events"] });
}

export function usePurchase(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PurchaseRequest; idempotencyKey: string }) =>
      api.postIdempotent<PurchaseResult>("/purchases", body, idempotencyKey),
    onSuccess: () => invalidateAfterCharge(queryClient, accountId),
  });
}

export function useBuyAddOn(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      subscriptionId,
      body,
      idempotencyKey,
    }: {
      subscriptionId: string;
      body: AddOnRequest;
      idempotencyKey: string;
    }) => api.postIdempotent<PurchaseResult>(`/subscriptions/${subscriptionId}/add-ons`, body, idempotencyKey),
    onSuccess: () => invalidateAfterCharge(queryClient, accountId),
  });
}

export function useSetAutoRenew(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ subscriptionId, autoRenew }: { subscriptionId: string; autoRenew: boolean }) =>
      api.patch<SubscriptionSummary>(`/subscriptions/${subscriptionId}`, { autoRenew }),
    onSuccess: (updated) =>
      queryClient.setQueryData<SubscriptionSummary[]>(subscriptionsKey(accountId), (list) =>
        list?.map((s) => (s.id === updated.id ? updated : s)),
      ),
    onError: () => queryClient.invalidateQueries({ queryKey: subscriptionsKey(accountId) }),
  });
}

// ---------------------------------------------------------------------------------------------
// Subscriptions in use: namespaces, license files, activation codes and bindings (S2–S4)
// ---------------------------------------------------------------------------------------------

/** An answer that is the changed subscription replaces it in the list; the activity gained an event (AU1). */
function useReplaceSubscription(accountId: string) {
  const queryClient = useQueryClient();
  return (updated: SubscriptionSummary) => {
    queryClient.setQueryData<SubscriptionSummary[]>(subscriptionsKey(accountId), (list) =>
      list?.map((s) => (s.id === updated.id ? updated : s)),
    );
    void queryClient.invalidateQueries({ queryKey: [...accountsKey, accountId, "events"] });
  };
}

/** S2: link or change the subscription's GitLab.com group. */
export function useLinkNamespace(accountId: string) {
  const replace = useReplaceSubscription(accountId);
  return useMutation({
    mutationFn: ({ subscriptionId, namespace }: { subscriptionId: string; namespace: string }) =>
      api.put<SubscriptionSummary>(`/subscriptions/${subscriptionId}/namespace`, { namespace }),
    onSuccess: replace,
  });
}

/** S2: unlink the group. */
export function useUnlinkNamespace(accountId: string) {
  const replace = useReplaceSubscription(accountId);
  return useMutation({
    mutationFn: (subscriptionId: string) =>
      api.delete<SubscriptionSummary>(`/subscriptions/${subscriptionId}/namespace`),
    onSuccess: replace,
  });
}

/** S3: the signed license file of a self-managed subscription. */
export function downloadLicense(subscriptionId: string): Promise<DownloadedFile> {
  return api.download(`/subscriptions/${subscriptionId}/license`);
}

/** S4: a new activation code; the old one stops working. */
export function useRegenerateActivationCode(accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (subscriptionId: string) =>
      api.post<{ activationCode: string }>(`/subscriptions/${subscriptionId}/activation-code`),
    onSuccess: ({ activationCode }, subscriptionId) => {
      queryClient.setQueryData<SubscriptionSummary[]>(subscriptionsKey(accountId), (list) =>
        list?.map((s) => (s.id === subscriptionId ? { ...s, activationCode } : s)),
      );
      void queryClient.invalidateQueries({ queryKey: [...accountsKey, accountId, "events"] });
    },
  });
}

/** S4: release the instance the subscription is bound to; the next instance to activate takes it. */
export function useReleaseActivation(accountId: string) {
  const queryClient = useQueryClient();
  const replace = useReplaceSubscription(accountId);
  return useMutation({
    mutationFn: (subscriptionId: string) =>
      api.delete<SubscriptionSummary>(`/subscriptions/${subscriptionId}/activation`),
    onSuccess: replace,
    // 409 not_activated: another manager released it already; show the list as it is.
    onError: () => queryClient.invalidateQueries({ queryKey: subscriptionsKey(accountId) }),
  });
}
