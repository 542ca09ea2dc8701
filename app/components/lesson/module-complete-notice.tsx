/**
 * What the lesson page says once the module is complete: the certificate, why it is held or refused
 * (ADR 0024), a reminder to confirm the email address, and the rating link. Its own file so the
 * lesson route reads in one screen.
 */
import { Link } from "@remix-run/react";
import { COMPLETION_HELD_MESSAGE, completionRejectedMessage } from "~/modules/certificates/completion-checks.ts";
import { ConfirmEmailNotice } from "../account/confirm-email-notice.tsx";
import { Alert } from "../ui/alert.tsx";

export function ModuleCompleteNotice({
  moduleId,
  complete,
  certificate,
  check,
  emailConfirmed,
  email,
  hasNext,
  rating,
}: {
  moduleId: string;
  /** Every required activity is done (the module may have been completed before new ones were added). */
  complete: boolean;
  certificate: { id: string } | null;
  check: { status: string; reason?: string | null } | null;
  emailConfirmed: boolean;
  email: string;
  /** The page offers the rating form itself on the last activity, so the link shows only before it. */
  hasNext: boolean;
  rating: { score: number } | null;
}) {
  return (
    <Alert tone="success" title="You have completed this module.">
      <p>Everything you do from here is still saved.</p>
      {certificate ? (
        <p>
          <Link to={`/certificates/${certificate.id}`}>View your certificate</Link>
        </p>
      ) : check?.status === "held" ? (
        <p>{COMPLETION_HELD_MESSAGE}</p>
      ) : check?.status === "rejected" ? (
        <p>{completionRejectedMessage(check.reason ?? "")}</p>
      ) : complete && !emailConfirmed ? (
        <ConfirmEmailNotice email={email} />
      ) : complete ? (
        <p>
          <Link to={`/courses/${moduleId}/complete`}>Get your certificate and see your CPD hours</Link>
        </p>
      ) : null}
      {hasNext ? (
        <p>
          <Link to={`/courses/${moduleId}/rate`}>{rating ? `Change your rating (${rating.score} out of 6)` : "Rate this module"}</Link>
        </p>
      ) : null}
    </Alert>
  );
}
