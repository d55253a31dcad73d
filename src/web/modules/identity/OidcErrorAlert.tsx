import { Alert } from "@mantine/core";
import { isOidcErrorCode, oidcErrorText } from "../../../shared/oidc.js";

/** Why a GitLab.com sign-in came back without signing in (`?oidc_error=<code>`, I9). */
export function OidcErrorAlert({ code, label }: { code: string; label?: string | undefined }) {
  const { title, message } = isOidcErrorCode(code)
    ? oidcErrorText(code, label || undefined)
    : { title: "Sign-in could not be completed", message: "Try again, or sign in with a one-time link." };
  return (
    <Alert color="orange" variant="light" role="alert" title={title}>
      {message}
    </Alert>
  );
}
