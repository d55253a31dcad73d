// The contacts form's state, from the API's contacts and back to a PUT body (A8).
import type { Contacts, Manager, UpdateContacts } from "../../../shared/accounts.js";
import { addressDraft, addressInput, emptyAddress } from "./AddressFields.js";
import type { ContactDraft } from "./ContactFields.js";

export type BillingChoice = "subscription_contact" | "manager" | "custom";

export interface ContactsDraft {
  subscriptionUserId: string | null;
  subscription: ContactDraft;
  billingType: BillingChoice;
  billingUserId: string | null;
  billing: ContactDraft;
}

type ContactLike = Contacts["subscriptionContact"] | Contacts["billingContact"];

export function contactDraft(contact: ContactLike | null): ContactDraft {
  if (!contact) {
    return { firstName: "", lastName: "", phone: "", email: "", withAddress: false, address: emptyAddress };
  }
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    phone: contact.phone ?? "",
    email: contact.email ?? "",
    withAddress: contact.address !== null,
    address: addressDraft(contact.address),
  };
}

/** A manager picked as a contact starts with their profile name and no phone or address. */
export function draftFromManager(manager: Manager): ContactDraft {
  return {
    firstName: manager.firstName,
    lastName: manager.lastName,
    phone: "",
    email: manager.email,
    withAddress: false,
    address: emptyAddress,
  };
}

export function contactsDraft(contacts: Contacts): ContactsDraft {
  const billing = contacts.billingContact;
  return {
    subscriptionUserId: contacts.subscriptionContact.userId,
    subscription: contactDraft(contacts.subscriptionContact),
    billingType: billing.type,
    billingUserId: billing.type === "manager" ? billing.userId : null,
    billing: billing.type === "subscription_contact" ? contactDraft(null) : contactDraft(billing),
  };
}

const orNull = (value: string) => (value.trim() === "" ? null : value);

function managerContact(userId: string, draft: ContactDraft) {
  return {
    userId,
    firstName: draft.firstName,
    lastName: draft.lastName,
    phone: orNull(draft.phone),
    address: draft.withAddress ? addressInput(draft.address) : null,
  };
}

/** The PUT body; `userId`s must be chosen first (the form checks). */
export function toUpdateContacts(draft: ContactsDraft): UpdateContacts {
  const subscriptionContact = managerContact(draft.subscriptionUserId ?? "", draft.subscription);
  if (draft.billingType === "subscription_contact") {
    return { subscriptionContact, billingContact: { type: "subscription_contact" } };
  }
  if (draft.billingType === "manager") {
    return {
      subscriptionContact,
      billingContact: { type: "manager", ...managerContact(draft.billingUserId ?? "", draft.billing) },
    };
  }
  return {
    subscriptionContact,
    billingContact: {
      type: "custom",
      firstName: draft.billing.firstName,
      lastName: draft.billing.lastName,
      email: draft.billing.email,
      phone: orNull(draft.billing.phone),
      address: addressInput(draft.billing.address),
    },
  };
}
