import { Button, CopyButton, Group, Text } from "@mantine/core";
import { Fragment, type ReactNode } from "react";

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
  /** A command rather than a code: wraps between its words on narrow screens. */
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
          // A code stays on one line ("ABCD-EFGH-…" never splits at a dash).
          ...(long ? { overflowWrap: "anywhere" } : { whiteSpace: "nowrap" }),
        }}
      >
        {long ? <Words text={value} /> : value}
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

/**
 * A command wraps between its words only: each word is a box of its own, so "--url" or a code never
 * splits at its dashes; a word wider than the line (a long address) still breaks inside itself.
 */
function Words({ text }: { text: string }) {
  return text.split(" ").map((word, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the words of one fixed string, never reordered.
    <Fragment key={index}>
      {index > 0 ? " " : null}
      <span style={{ display: "inline-block", maxWidth: "100%" }}>{word}</span>
    </Fragment>
  ));
}
