import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { EMAIL_UNVERIFIED_MESSAGE } from "~/modules/certificates/constants.ts";

/**
 * Why a completed module has no certificate yet for an unconfirmed address (ADR 0031), with the
 * way out: "Send the link again" (posts to the account page, works without JavaScript).
 */
export function ConfirmEmailNotice({ email }: { email?: string }) {
  return (
    <div className="confirm-email-notice">
      <p>
        {EMAIL_UNVERIFIED_MESSAGE} We sent a link to {email ?? "your email address"} when you joined; open it, then come back for your
        certificate.
      </p>
      <Form method="post" action="/account?index">
        <input type="hidden" name="intent" value="resend-confirmation" />
        <Button variant="secondary">Send the link again</Button>
      </Form>
    </div>
  );
}
