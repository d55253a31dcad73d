import { Badge } from "@mantine/core";
import type { Channel } from "../../../shared/accounts.js";

/** Direct, or bought through a reseller (whose name is shown when known). */
export function ChannelBadge({ channel, resellerName }: { channel: Channel; resellerName?: string | null }) {
  if (channel === "direct") {
    return (
      <Badge color="teal" variant="light" radius="sm">
        Direct
      </Badge>
    );
  }
  return (
    <Badge color="orange" variant="light" radius="sm" title={resellerName ? `Reseller: ${resellerName}` : undefined}>
      {resellerName ? `Reseller · ${resellerName}` : "Reseller"}
    </Badge>
  );
}
