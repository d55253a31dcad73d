import { Alert } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { isOidcOutcome, oidcOutcomeText } from "../../../shared/oidc.js";
import { configQueryOptions } from "./api.js";
import { OidcErrorAlert } from "./OidcErrorAlert.js";

/**
 * What the GitLab.com callback reported on `/profile` (I9): `?oidc=linked|changed` after a link,
 * `?oidc_error=<code>` when it was refused. Closing it drops the parameter from the address.
 */
export function OidcProfileNotice() {
  const searchStr = useRouterState({ select: (state) => state.location.searchStr });
  const navigate = useNavigate();
  const config = useQuery(configQueryOptions());
  const params = new URLSearchParams(searchStr);
  const error = params.get("oidc_error");
  const outcome = params.get("oidc");
  if (!error && !isOidcOutcome(outcome)) return null;

  const dismiss = () => {
    params.delete("oidc_error");
    params.delete("oidc");
    void navigate({ to: "/profile", search: Object.fromEntries(params) as never, replace: true });
  };
  const label = config.data?.oidcLabel;

  return (
    <div data-testid="oidc-profile-notice">
      {error ? (
        <OidcErrorAlert code={error} label={label} />
      ) : isOidcOutcome(outcome) ? (
        <Alert color="green" variant="light" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={dismiss}>
          {oidcOutcomeText(outcome, label || undefined)}
        </Alert>
      ) : null}
    </div>
  );
}
