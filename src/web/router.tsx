// The route tree. Paths are a public contract: emails link to /sign-in/:token and
// /confirm-email/:token. Features add their routes here and their nav entry in ui/nav.ts.
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ParsedLocation,
  redirect,
} from "@tanstack/react-router";
import { ERROR_CODES } from "../shared/errors.js";
import { isApiError } from "./api/client.js";
import { AccountLayout } from "./modules/accounts/AccountLayout.js";
import { AccountOverviewPage } from "./modules/accounts/AccountOverviewPage.js";
import { AccountsPage } from "./modules/accounts/AccountsPage.js";
import { myAccountsQueryOptions } from "./modules/accounts/api.js";
import { ActivityPage } from "./modules/activity/ActivityPage.js";
import { InvoicesPage } from "./modules/billing/InvoicesPage.js";
import { PaymentMethodsPage } from "./modules/billing/PaymentMethodsPage.js";
import { PurchasePage } from "./modules/billing/PurchasePage.js";
import { SubscriptionsPage } from "./modules/billing/SubscriptionsPage.js";
import { MailboxPage } from "./modules/dev-mailbox/MailboxPage.js";
import { fetchMe, forgetSession } from "./modules/identity/api.js";
import { ConfirmEmailPage } from "./modules/identity/ConfirmEmailPage.js";
import { ProfilePage } from "./modules/identity/ProfilePage.js";
import { RedeemSignInPage } from "./modules/identity/RedeemSignInPage.js";
import { SignInPage } from "./modules/identity/SignInPage.js";
import { InvitationPage } from "./modules/invitations/InvitationPage.js";
import { ManagersPage } from "./modules/managers/ManagersPage.js";
import { SettingsPage } from "./modules/settings/SettingsPage.js";
import { AppLayout } from "./ui/AppLayout.js";
import { NotFoundPage } from "./ui/NotFoundPage.js";
import { PageLoader } from "./ui/PageLoader.js";
import { RouteError } from "./ui/RouteError.js";

/** Where a signed-in person lands by default. */
const DEFAULT_LANDING = "/profile";

interface SignInSearch {
  returnTo?: string;
  oidc_error?: string;
  /** Prefills the address (the invitation page's "Sign in as … to accept"). */
  email?: string;
}

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

/** The sign-in page, with a way back to `href` (the page the person was on) afterwards. */
function signInFor(href: string) {
  const returnTo = href === DEFAULT_LANDING ? undefined : href;
  return { to: "/sign-in", search: returnTo ? { returnTo } : {}, replace: true } as const;
}

/** Pages behind sign-in: nobody signed in → /sign-in, coming back here afterwards. */
async function requireSignIn({ context, location }: { context: RouterContext; location: ParsedLocation }) {
  const me = await fetchMe(context.queryClient);
  if (me) return;
  throw redirect(signInFor(location.href));
}

/** `beforeLoad` and `staticData` of every page behind sign-in (and, through nesting, its tabs). */
const signInRequired = { beforeLoad: requireSignIn, staticData: { signInRequired: true } } as const;

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/",
  beforeLoad: async ({ context }) => {
    const me = await fetchMe(context.queryClient);
    if (!me) throw redirect({ to: "/sign-in", replace: true });
    // Managers land on their billing accounts; everyone else on the profile.
    const accounts = await context.queryClient.ensureQueryData(myAccountsQueryOptions()).catch(() => []);
    throw redirect({ to: accounts.length > 0 ? "/billing-accounts" : DEFAULT_LANDING, replace: true });
  },
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: (search: Record<string, unknown>): SignInSearch => ({
    ...(typeof search.returnTo === "string" ? { returnTo: search.returnTo } : {}),
    // Set by the GitLab.com callback when sign-in failed (shared/oidc.ts).
    ...(typeof search.oidc_error === "string" ? { oidc_error: search.oidc_error } : {}),
    ...(typeof search.email === "string" ? { email: search.email } : {}),
  }),
  component: function SignInRoute() {
    const search = signInRoute.useSearch();
    return <SignInPage returnTo={search.returnTo} oidcError={search.oidc_error} email={search.email} />;
  },
});

const redeemSignInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in/$token",
  validateSearch: (search: Record<string, unknown>): { returnTo?: string } =>
    typeof search.returnTo === "string" ? { returnTo: search.returnTo } : {},
  component: function RedeemSignInRoute() {
    const { token } = redeemSignInRoute.useParams();
    const { returnTo } = redeemSignInRoute.useSearch();
    return <RedeemSignInPage token={token} returnTo={returnTo} />;
  },
});

const profileRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/profile",
  ...signInRequired,
  component: ProfilePage,
});

const confirmEmailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/confirm-email/$token",
  component: function ConfirmEmailRoute() {
    const { token } = confirmEmailRoute.useParams();
    return <ConfirmEmailPage token={token} />;
  },
});

const devMailboxRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/dev/mailbox",
  component: MailboxPage,
});

// Billing accounts (A1–A10, AU2). /invitations/:token is the emailed link (A4) and
// /billing-accounts/:id the "accepted" email's link: both are public contract too.
const accountsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/billing-accounts",
  ...signInRequired,
  component: AccountsPage,
});

const accountRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/billing-accounts/$accountId",
  ...signInRequired,
  component: function AccountRoute() {
    const { accountId } = accountRoute.useParams();
    return <AccountLayout accountId={accountId} />;
  },
});

const accountOverviewRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "/",
  component: function AccountOverviewRoute() {
    return <AccountOverviewPage accountId={accountRoute.useParams().accountId} />;
  },
});

const accountManagersRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "managers",
  component: function AccountManagersRoute() {
    return <ManagersPage accountId={accountRoute.useParams().accountId} />;
  },
});

const accountSettingsRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "settings",
  component: function AccountSettingsRoute() {
    return <SettingsPage accountId={accountRoute.useParams().accountId} />;
  },
});

const accountActivityRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "activity",
  component: function AccountActivityRoute() {
    return <ActivityPage accountId={accountRoute.useParams().accountId} />;
  },
});

// Money (B1–B7, R1): the account's subscriptions, cards and invoices, and buying a subscription.
const accountSubscriptionsRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "subscriptions",
  component: function AccountSubscriptionsRoute() {
    return <SubscriptionsPage accountId={accountRoute.useParams().accountId} />;
  },
});

const accountPurchaseRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "subscriptions/new",
  component: function AccountPurchaseRoute() {
    return <PurchasePage accountId={accountRoute.useParams().accountId} />;
  },
});

const accountInvoicesRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "invoices",
  component: function AccountInvoicesRoute() {
    return <InvoicesPage accountId={accountRoute.useParams().accountId} />;
  },
});

const accountPaymentMethodsRoute = createRoute({
  getParentRoute: () => accountRoute,
  path: "payment-methods",
  component: function AccountPaymentMethodsRoute() {
    return <PaymentMethodsPage accountId={accountRoute.useParams().accountId} />;
  },
});

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invitations/$token",
  component: function InvitationRoute() {
    const { token } = invitationRoute.useParams();
    return <InvitationPage token={token} />;
  },
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  signInRoute,
  redeemSignInRoute,
  profileRoute,
  confirmEmailRoute,
  devMailboxRoute,
  accountsRoute,
  accountRoute.addChildren([
    accountOverviewRoute,
    accountSubscriptionsRoute,
    accountPurchaseRoute,
    accountInvoicesRoute,
    accountPaymentMethodsRoute,
    accountManagersRoute,
    accountSettingsRoute,
    accountActivityRoute,
  ]),
  invitationRoute,
]);

/**
 * Any API answer "401 not_signed_in" (the session expired or was revoked while a page was open)
 * on a page behind sign-in: forget the session's data and go to sign-in, coming back here after.
 * Public pages (sign-in, the emailed links, an invitation) handle their own 401s, such as the
 * invitation's `sign_in_required`, and are left alone.
 */
export function sendToSignInWhenSignedOut(router: AppRouter, queryClient: QueryClient, error: unknown): void {
  if (!isApiError(error, 401) || error.code !== ERROR_CODES.notSignedIn) return;
  if (!router.state.matches.some((match) => match.staticData.signInRequired)) return;
  forgetSession(queryClient);
  void router.navigate(signInFor(router.state.location.href));
}

export type AppRouter = ReturnType<typeof createAppRouter>;

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    // Data lives in TanStack Query; the router only decides where to go.
    defaultPreloadStaleTime: 0,
    defaultPendingComponent: () => <PageLoader />,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
  interface StaticDataRouteOption {
    /** The page needs a session (see `signInRequired`). */
    signInRequired?: boolean;
  }
}
