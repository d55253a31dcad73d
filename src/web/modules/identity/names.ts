import type { Me } from "../../../shared/identity.js";

export function displayName(me: Pick<Me, "firstName" | "lastName" | "email">): string {
  const name = `${me.firstName} ${me.lastName}`.trim();
  return name === "" ? me.email : name;
}

export function initials(me: Pick<Me, "firstName" | "lastName" | "email">): string {
  const fromName = `${me.firstName.charAt(0)}${me.lastName.charAt(0)}`.trim();
  return (fromName === "" ? me.email.charAt(0) : fromName).toUpperCase();
}
