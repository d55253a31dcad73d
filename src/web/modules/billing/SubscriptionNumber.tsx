/** "S-00000001" in running text: never split at its dash on a narrow screen. */
export function SubscriptionNumber({ value }: { value: string }) {
  return <span style={{ whiteSpace: "nowrap" }}>{value}</span>;
}
