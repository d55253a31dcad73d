import { Box } from "@mantine/core";

const MARKS: Record<string, { text: string; color: string; background: string }> = {
  visa: { text: "VISA", color: "#1a1f71", background: "#eef0fb" },
  mastercard: { text: "MC", color: "#b3261e", background: "#fdf0e6" },
  amex: { text: "AMEX", color: "#1f5fa8", background: "#e8f1fb" },
};

/** A small brand tile in front of a card's number; decorative (the text names the brand). */
export function CardBrandMark({ brand }: { brand: string }) {
  const mark = MARKS[brand] ?? { text: "CARD", color: "#495057", background: "#f1f3f5" };
  return (
    <Box
      aria-hidden
      w={48}
      h={32}
      fz={11}
      fw={800}
      style={{
        flexShrink: 0,
        display: "grid",
        placeItems: "center",
        borderRadius: 6,
        border: "1px solid var(--mantine-color-gray-3)",
        color: mark.color,
        background: mark.background,
        letterSpacing: 0.5,
        fontStyle: brand === "visa" ? "italic" : "normal",
      }}
    >
      {mark.text}
    </Box>
  );
}
