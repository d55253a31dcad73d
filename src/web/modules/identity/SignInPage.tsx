import { useState } from "react";
import { CenteredCard } from "../../ui/CenteredCard.js";
import { CheckYourEmail } from "./CheckYourEmail.js";
import { safeReturnTo } from "./returnTo.js";
import { SignInForm } from "./SignInForm.js";

interface SignInPageProps {
  /** A portal path to land on after signing in. */
  returnTo?: string | undefined;
  /** `?oidc_error=` from a failed GitLab.com sign-in. */
  oidcError?: string | undefined;
  /** `?email=`: the address to prefill (the invitation page sends people here to sign in as it). */
  email?: string | undefined;
}

/** `/sign-in`: ask for a one-time link (I2), then say where it went. */
export function SignInPage({ returnTo, oidcError, email }: SignInPageProps) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <CenteredCard>
      {sentTo === null ? (
        <SignInForm onSent={setSentTo} returnTo={safeReturnTo(returnTo)} oidcError={oidcError} defaultEmail={email} />
      ) : (
        <CheckYourEmail email={sentTo} onUseAnother={() => setSentTo(null)} />
      )}
    </CenteredCard>
  );
}
