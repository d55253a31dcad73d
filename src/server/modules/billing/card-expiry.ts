/** B2: a card can be charged until the end of its expiry month (UTC). */
export function isExpired(card: { exp_month: number; exp_year: number }, now = new Date()): boolean {
  return Date.UTC(card.exp_year, card.exp_month, 1) <= now.getTime();
}
