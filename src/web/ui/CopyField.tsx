import { Button, CopyButton, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A value meant to be pasted elsewhere (an activation code, a command): monospace, with a Copy
 * button that says what it copies and that it did. The buttons move under the value when both
 * don't fit on one line (phones).
 */
export function CopyField({
  value,
  what,
  size = "sm",
  long = false,
  children,
}: {
  value: string;
  /** Names the value for the button's accessible name: "Copy activation code". */
  what: string;
  size?: "sm" | "md";
  /** A command rather than a code: breaks at any character on narrow screens, filling each line. */
  long?: boolean;
  /** More buttons beside Copy ("Generate a new code"). */
  children?: ReactNode;
}) {
  return (
    <Group gap="xs" wrap="wrap" align="center">
      <Text
        ff="monospace"
        size={size}
        fw={size === "md" ? 600 : 400}
        px="xs"
        py={4}
        bg="var(--mantine-color-gray-0)"
        bd="1px solid var(--mantine-color-gray-3)"
        style={{
          borderRadius: "var(--mantine-radius-sm)",
          minWidth: 0,
          // A code stays on one line ("ABCD-EFGH-…" never splits at a dash); a command fills its lines.
          ...(long ? { wordBreak: "break-all" } : { whiteSpace: "nowrap" }),
        }}
      >
        {value}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button variant="default" size="xs" onClick={copy} aria-label={copied ? `${what} copied` : `Copy ${what}`}>
              {copied ? "Copied" : "Copy"}
            </Button>
          )}
        </CopyButton>
        {children}
      </Group>
    </Group>
  );
}
