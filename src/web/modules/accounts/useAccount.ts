import { useQuery } from "@tanstack/react-query";
import type { BillingAccount } from "../../../shared/accounts.js";
import { usePageTitle } from "../../ui/usePageTitle.js";
import { accountQueryOptions } from "./api.js";

/**
 * The account a section page belongs to. AccountLayout loaded it before rendering the section,
 * so this reads the cache; it also titles the document "<section> · <company>".
 */
export function useAccount(accountId: string, section: string): BillingAccount | undefined {
  const { data } = useQuery(accountQueryOptions(accountId));
  usePageTitle(data ? `${section} · ${data.companyName}` : section);
  return data;
}
