import { useEffect } from "react";

/** Sets `document.title` to "<title> · Billfold" while the page is shown. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Billfold` : "Billfold";
  }, [title]);
}
