import { useMediaQuery } from "@mantine/hooks";

/**
 * True below Mantine's `sm` breakpoint (48em = 768 px), where tables become stacked cards and the
 * header's navigation moves into a menu. Read on first render (this is a browser-only app), so a
 * page never flashes its desktop table on a phone.
 */
export function useIsPhone(): boolean {
  return useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
}
