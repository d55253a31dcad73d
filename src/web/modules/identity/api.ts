// Queries and mutations for sign-in, the session and the profile (DESIGN.md I2–I8).
import { type QueryClient, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { Me, PublicConfig, UpdateMe } from "../../../shared/identity.js";
import { api, isApiError } from "../../api/client.js";

export const meKey = ["me"] as const;

/** The signed-in user, or null when nobody is signed in (401). */
export const meQueryOptions = () =>
  queryOptions({
    queryKey: meKey,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        return await api.get<Me>("/me", signal);
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
    staleTime: 30_000,
  });

export const configQueryOptions = () =>
  queryOptions({
    queryKey: ["config"],
    queryFn: ({ signal }) => api.get<PublicConfig>("/config", signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

/**
 * A session began or ended: drop everything cached for the previous user and set who is
 * signed in now. (Not `clear()`: mounted observers, like the header's, would keep the old user.)
 */
function resetSession(queryClient: QueryClient, me: Me | null): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "me" && query.queryKey[0] !== "config" });
  queryClient.setQueryData(meKey, me);
}

/** The session ended behind our back (a 401 `not_signed_in`): forget its data, nobody is signed in. */
export function forgetSession(queryClient: QueryClient): void {
  resetSession(queryClient, null);
}

export function fetchMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.ensureQueryData(meQueryOptions());
}

export function useRequestSignInLink() {
  return useMutation({
    mutationFn: ({ email, returnTo }: { email: string; returnTo: string | null }) =>
      api.post<{ message: string }>("/auth/sign-in-link", returnTo ? { email, returnTo } : { email }),
  });
}

export function useRedeemSignInLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      api.post<{ user: Me; returnTo?: string | null }>("/auth/sign-in-link/redeem", { token }),
    onSuccess: ({ user }) => resetSession(queryClient, user),
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateMe) => api.patch<Me>("/me", changes),
    onSuccess: (me) => queryClient.setQueryData(meKey, me),
  });
}

export function useResendEmailConfirmation() {
  return useMutation({
    mutationFn: () => api.post<{ message: string } | undefined>("/me/email/resend"),
  });
}

/** Forgets the pending address; its confirmation link stops working (I7). */
export function useCancelEmailChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<Me>("/me/email/pending"),
    onSuccess: (me) => queryClient.setQueryData(meKey, me),
  });
}

export function useConfirmEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api.post<Me>("/me/email/confirm", { token }),
    // The person may be signed in as someone else, or not at all: ask the server again.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

export type SignOutScope = "here" | "everywhere";

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scope: SignOutScope) =>
      api.post<void>(scope === "everywhere" ? "/auth/sign-out-everywhere" : "/auth/sign-out"),
    onSuccess: () => resetSession(queryClient, null),
  });
}
