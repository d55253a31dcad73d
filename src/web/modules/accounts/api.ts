// Queries and mutations for billing accounts, managers, invitations, contacts and activity
// (DESIGN.md A1–A10, AU2). Shapes come from the shared API contract (src/shared/accounts.ts).
import {
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import type {
  AccountEvent,
  AccountInvitation,
  BillingAccount,
  BillingAccountSummary,
  Contacts,
  CreateBillingAccount,
  InvitationAccepted,
  InvitationPreview,
  InvitationSent,
  Manager,
  MyInvitation,
  UpdateBillingAccount,
  UpdateContacts,
} from "../../../shared/accounts.js";
import { api, isApiError } from "../../api/client.js";
import { meQueryOptions } from "../identity/api.js";

export const accountsKey = ["billing-accounts"] as const;
const accountKey = (id: string) => [...accountsKey, id] as const;
const myInvitationsKey = ["invitations", "mine"] as const;

/** A 4xx (404 for an account that is not yours, 410 for a dead link) will not change on retry. */
const retryUnless4xx = (failureCount: number, error: Error) =>
  !(isApiError(error) && error.status < 500) && failureCount < 2;

export const myAccountsQueryOptions = () =>
  queryOptions({
    queryKey: accountsKey,
    queryFn: async ({ signal }) =>
      (await api.get<{ billingAccounts: BillingAccountSummary[] }>("/billing-accounts", signal)).billingAccounts,
    staleTime: 30_000,
  });

export const accountQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...accountKey(id), "details"],
    queryFn: ({ signal }) => api.get<BillingAccount>(`/billing-accounts/${id}`, signal),
    retry: retryUnless4xx,
  });

export const managersQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...accountKey(id), "managers"],
    queryFn: async ({ signal }) =>
      (await api.get<{ managers: Manager[] }>(`/billing-accounts/${id}/managers`, signal)).managers,
    retry: retryUnless4xx,
  });

export const accountInvitationsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...accountKey(id), "invitations"],
    queryFn: async ({ signal }) =>
      (await api.get<{ invitations: AccountInvitation[] }>(`/billing-accounts/${id}/invitations`, signal)).invitations,
    retry: retryUnless4xx,
  });

export const contactsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...accountKey(id), "contacts"],
    queryFn: ({ signal }) => api.get<Contacts>(`/billing-accounts/${id}/contacts`, signal),
    retry: retryUnless4xx,
  });

export const EVENTS_PAGE_SIZE = 25;

export const eventsQueryOptions = (id: string) =>
  infiniteQueryOptions({
    queryKey: [...accountKey(id), "events"],
    queryFn: ({ signal, pageParam }) => {
      const query = new URLSearchParams({ limit: String(EVENTS_PAGE_SIZE) });
      if (pageParam) query.set("cursor", pageParam);
      return api.get<{ events: AccountEvent[]; nextCursor: string | null }>(
        `/billing-accounts/${id}/events?${query}`,
        signal,
      );
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    retry: retryUnless4xx,
  });

export const myInvitationsQueryOptions = () =>
  queryOptions({
    queryKey: myInvitationsKey,
    queryFn: async ({ signal }) => (await api.get<{ invitations: MyInvitation[] }>("/invitations", signal)).invitations,
  });

/** What the emailed link's page shows. Reading it changes nothing (A4: only the POST accepts). */
export const invitationPreviewQueryOptions = (token: string) =>
  queryOptions({
    queryKey: ["invitation-preview", token],
    queryFn: ({ signal }) => api.get<InvitationPreview>(`/invitations/token/${encodeURIComponent(token)}`, signal),
    retry: retryUnless4xx,
    refetchOnWindowFocus: false,
  });

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBillingAccount) => api.post<BillingAccount>("/billing-accounts", body),
    onSuccess: (account) => {
      queryClient.setQueryData(accountQueryOptions(account.id).queryKey, account);
      return queryClient.invalidateQueries({ queryKey: accountsKey, exact: true });
    },
  });
}

export function useUpdateCompany(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateBillingAccount) => api.patch<BillingAccount>(`/billing-accounts/${id}`, body),
    onSuccess: (account) => {
      queryClient.setQueryData(accountQueryOptions(id).queryKey, account);
      void queryClient.invalidateQueries({ queryKey: accountsKey, exact: true });
      void queryClient.invalidateQueries({ queryKey: eventsQueryOptions(id).queryKey });
    },
  });
}

export function useUpdateContacts(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateContacts) => api.put<Contacts>(`/billing-accounts/${id}/contacts`, body),
    onSuccess: (contacts) => {
      queryClient.setQueryData(contactsQueryOptions(id).queryKey, contacts);
      // Badges on the managers page and the A9 warnings on the account follow the contacts.
      return queryClient.invalidateQueries({ queryKey: accountKey(id) });
    },
  });
}

export function useInviteManager(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => api.post<InvitationSent>(`/billing-accounts/${id}/invitations`, { email }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: accountInvitationsQueryOptions(id).queryKey });
      void queryClient.invalidateQueries({ queryKey: eventsQueryOptions(id).queryKey });
    },
  });
}

export function useRevokeInvitation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => api.delete<void>(`/billing-accounts/${id}/invitations/${invitationId}`),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: accountInvitationsQueryOptions(id).queryKey });
      void queryClient.invalidateQueries({ queryKey: eventsQueryOptions(id).queryKey });
    },
  });
}

/** After leaving an account: drop what was cached about it. */
export function forgetAccount(queryClient: QueryClient, id: string): void {
  queryClient.removeQueries({ queryKey: accountKey(id) });
}

/** Removes a manager, or leaves when `userId` is the signed-in user (A7). */
export function useRemoveManager(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId }: { userId: string; leaving: boolean }) =>
      api.delete<void>(`/billing-accounts/${id}/managers/${userId}`),
    onSuccess: (_result, { leaving }) => {
      void queryClient.invalidateQueries({ queryKey: accountsKey, exact: true });
      // Leaving: the page navigates away first, then calls forgetAccount (its queries would 404 now).
      if (leaving) return;
      // The removed manager's invitations were revoked too (A7).
      return queryClient.invalidateQueries({ queryKey: accountKey(id) });
    },
    // A 409 means the page was out of date (contacts changed meanwhile): show the current state.
    onError: () => queryClient.invalidateQueries({ queryKey: accountKey(id) }),
  });
}

export function useAnswerMyInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ invitationId, answer }: { invitationId: string; answer: "accept" | "decline" }) =>
      api.post<InvitationAccepted | undefined>(`/invitations/${invitationId}/${answer}`),
    // Not awaited: the answered invitation leaves the list, and its row with it.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: myInvitationsKey });
      void queryClient.invalidateQueries({ queryKey: accountsKey, exact: true });
    },
  });
}

/** The emailed link's Accept button; with no profile yet, the answer also signed the person in (A4). */
export function useAcceptInvitationByToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.post<InvitationAccepted>("/invitations/accept", { token }),
    onSuccess: async () => {
      // With profileCreated the answer also started a session: learn who is signed in now,
      // before the account page checks it.
      await queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 });
      void queryClient.invalidateQueries({ queryKey: accountsKey, exact: true });
      void queryClient.invalidateQueries({ queryKey: myInvitationsKey });
    },
  });
}

export function useDeclineInvitationByToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.post<void>("/invitations/decline", { token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myInvitationsKey }),
  });
}
