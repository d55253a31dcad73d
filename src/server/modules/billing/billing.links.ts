/** A page of a billing account in the web app, for links in emails (src/web/router.tsx). */
export function accountPageUrl(
  baseUrl: string,
  accountId: string,
  page: "subscriptions" | "invoices" | "payment-methods",
): string {
  return `${baseUrl}/billing-accounts/${accountId}/${page}`;
}
