// The main navigation of the signed-in shell. Features add their entry here
// (billing accounts and support come next); `staffOnly` entries show only to staff.
import type { LinkProps } from "@tanstack/react-router";

export interface NavItem {
  to: NonNullable<LinkProps["to"]>;
  label: string;
  staffOnly?: boolean;
}

export const navItems: readonly NavItem[] = [
  { to: "/billing-accounts", label: "Billing accounts" },
  { to: "/profile", label: "Profile" },
];

export function visibleNavItems(isStaff: boolean): NavItem[] {
  return navItems.filter((item) => !item.staffOnly || isStaff);
}
