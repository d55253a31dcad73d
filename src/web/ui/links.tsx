// Mantine's Anchor and Button rendered as TanStack Router links (client-side navigation,
// real <a href> elements, `aria-current="page"` when active).
import { Anchor, type AnchorProps, Button, type ButtonProps, NavLink, type NavLinkProps } from "@mantine/core";
import { createLink, type LinkComponent } from "@tanstack/react-router";
import type { AnchorHTMLAttributes, Ref } from "react";

type AnchorLinkBaseProps = AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> };
function AnchorBase(props: AnchorLinkBaseProps) {
  return <Anchor {...props} />;
}
const CreatedAnchorLink = createLink(AnchorBase);
export const AnchorLink: LinkComponent<typeof AnchorBase> = (props) => (
  <CreatedAnchorLink preload="intent" {...props} />
);

type ButtonLinkBaseProps = ButtonProps &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "color"> & { ref?: Ref<HTMLAnchorElement> };
function ButtonBase(props: ButtonLinkBaseProps) {
  return <Button component="a" {...props} />;
}
const CreatedButtonLink = createLink(ButtonBase);
export const ButtonLink: LinkComponent<typeof ButtonBase> = (props) => (
  <CreatedButtonLink preload="intent" {...props} />
);

type NavLinkBaseProps = NavLinkProps & AnchorHTMLAttributes<HTMLAnchorElement> & { ref?: Ref<HTMLAnchorElement> };
function NavLinkBase(props: NavLinkBaseProps) {
  return <NavLink component="a" {...props} />;
}
const CreatedNavItemLink = createLink(NavLinkBase);
/** A full-width menu row (phone menu, account switcher) that is a real link. */
export const NavItemLink: LinkComponent<typeof NavLinkBase> = (props) => (
  <CreatedNavItemLink preload="intent" {...props} />
);
