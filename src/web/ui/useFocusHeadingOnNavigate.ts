import { useRouter } from "@tanstack/react-router";
import { useEffect } from "react";

const WAIT_FOR_HEADING_MS = 3000;

/**
 * After a client-side navigation to another path, move focus to the new page's h1 (WCAG 2.4.3):
 * a screen reader announces where the person arrived, and Tab continues from the page rather than
 * from the link that was pressed. Pages may render their heading after their data loads, so wait
 * for it a little. Not on the first page load (no `fromLocation`): there the browser's start is right.
 */
export function useFocusHeadingOnNavigate(mainId: string): void {
  const router = useRouter();
  useEffect(() => {
    let frame = 0;
    const unsubscribe = router.subscribe("onResolved", (event) => {
      if (!event.fromLocation || !event.pathChanged) return;
      cancelAnimationFrame(frame);
      const started = performance.now();
      const tryFocus = () => {
        const heading = document.querySelector<HTMLElement>(`#${mainId} h1`);
        if (heading) {
          if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
          // A dialog that took focus on purpose keeps it.
          if (!document.activeElement?.closest("[role=dialog]")) heading.focus({ preventScroll: true });
          return;
        }
        if (performance.now() - started < WAIT_FOR_HEADING_MS) frame = requestAnimationFrame(tryFocus);
      };
      frame = requestAnimationFrame(tryFocus);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [router, mainId]);
}
