import "./a11y.css";

/** The first stop for keyboard users: jumps past the header to the page (WCAG 2.4.1). */
export function SkipLink({ target }: { target: string }) {
  return (
    <a
      className="skip-link"
      href={`#${target}`}
      onClick={(event) => {
        // Focus the target directly: no history entry, and the router does not see a hash change.
        event.preventDefault();
        document.getElementById(target)?.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
