import { Text } from "@mantine/core";
import type { Address } from "../../../shared/accounts.js";
import { addressLines } from "./format.js";

export function AddressText({ address }: { address: Address }) {
  return (
    <Text component="address" size="sm" fs="normal">
      {addressLines(address).map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one address, in a fixed order
        <span key={index}>
          {line}
          <br />
        </span>
      ))}
    </Text>
  );
}
