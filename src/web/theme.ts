import { type CSSVariablesResolver, createTheme, darken } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  // Shade 7 keeps white button text above 4.5:1 contrast.
  primaryShade: { light: 7, dark: 8 },
  defaultRadius: "md",
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: "650" },
  focusRing: "auto",
  cursorType: "pointer",
  components: {
    Card: { defaultProps: { withBorder: true, radius: "md", padding: "lg", shadow: "xs" } },
    Paper: { defaultProps: { radius: "md" } },
    Notification: { styles: { description: { color: "var(--mantine-color-dimmed)" } } },
  },
});

/** Colours whose "light" variant (alerts, badges) shows text on a tinted background. */
const TINTED = ["red", "orange", "yellow", "green", "teal", "blue", "indigo", "violet", "gray"] as const;

/**
 * WCAG AA contrast (4.5:1) for text: Mantine's default dimmed grey, error red, link blue and
 * light-variant text are a little too pale on white or tinted backgrounds, so darken them.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": t.colors.gray[7] ?? "#495057",
    "--mantine-color-body": t.colors.gray[0] ?? "#f8f9fa",
    "--mantine-color-error": t.colors.red[9] ?? "#c92a2a",
    "--mantine-color-anchor": t.colors.indigo[8] ?? "#3b5bdb",
  };
  for (const color of TINTED) {
    const shade = t.colors[color]?.[9];
    // Yellow's shade 9 is the lightest: 0.25 left the A9 warning titles at 4.46:1 (issue 13).
    if (shade) light[`--mantine-color-${color}-light-color`] = darken(shade, color === "yellow" ? 0.3 : 0.25);
  }
  return { variables: {}, light, dark: {} };
};
