import "./AccountTabs.css";
import { Box, Group } from "@mantine/core";
import { createLink, useLocation } from "@tanstack/react-router";
import { type AnchorHTMLAttributes, type Ref, useEffect, useRef } from "react";

/** A link that looks like a tab; the router marks the current one `data-status="active"`. */
function TabAnchor({
  className,
  ...props
}: AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> }) {
  const classes = className ? `account-tab ${className}` : "account-tab";
  return <Box component="a" px={{ base: 10, sm: "md" }} py={10} fz="sm" fw={600} {...props} className={classes} />;
}
const TabLink = createLink(TabAnchor);

/** The account's sections, each its own page and URL. */
export function AccountTabs({ accountId }: { accountId: string }) {
  const params = { accountId };
  const nav = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();
  // On a phone the tabs scroll sideways: keep the current one in view (e.g. "Payment methods").
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the path changes
  useEffect(() => {
    const bar = nav.current;
    const active = bar?.querySelector<HTMLElement>('[data-status="active"]');
    if (!bar || !active) return;
    const barBox = bar.getBoundingClientRect();
    const tabBox = active.getBoundingClientRect();
    if (tabBox.left < barBox.left) bar.scrollLeft -= barBox.left - tabBox.left;
    else if (tabBox.right > barBox.right) bar.scrollLeft += tabBox.right - barBox.right;
  }, [pathname]);
  return (
    <Group
      ref={nav}
      component="nav"
      aria-label="Billing account sections"
      gap={0}
      wrap="nowrap"
      style={{ borderBottom: "1px solid var(--mantine-color-gray-3)", overflowX: "auto" }}
    >
      <TabLink to="/billing-accounts/$accountId" params={params} activeOptions={{ exact: true }}>
        Overview
      </TabLink>
      <TabLink to="/billing-accounts/$accountId/subscriptions" params={params}>
        Subscriptions
      </TabLink>
      <TabLink to="/billing-accounts/$accountId/invoices" params={params}>
        Invoices
      </TabLink>
      <TabLink to="/billing-accounts/$accountId/payment-methods" params={params}>
        Payment methods
      </TabLink>
      <TabLink to="/billing-accounts/$accountId/managers" params={params}>
        Managers
      </TabLink>
      <TabLink to="/billing-accounts/$accountId/settings" params={params}>
        Settings
      </TabLink>
      <TabLink to="/billing-accounts/$accountId/activity" params={params}>
        Activity
      </TabLink>
    </Group>
  );
}
