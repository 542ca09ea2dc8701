import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { formatDate } from "~/utils/dates.ts";

type Invitation = { id: string; email: string; sentAt: string | Date; expiresAt: string | Date };

/** Invitations still waiting for an answer, each with "Resend" (a new link) and "Cancel". */
export function PendingInvitations({ invitations, now }: { invitations: Invitation[]; now: string }) {
  if (invitations.length === 0) return <p>No invitations are waiting for an answer.</p>;
  return (
    <ul className="invitation-list">
      {invitations.map((invitation) => {
        const expired = new Date(invitation.expiresAt) <= new Date(now);
        return (
          <li key={invitation.id} className="button-row">
            <span>
              <strong>{invitation.email}</strong>: sent {formatDate(invitation.sentAt)};{" "}
              {expired ? "the link has expired" : `the link works until ${formatDate(invitation.expiresAt)}`}
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="resend-invitation" />
              <input type="hidden" name="invitationId" value={invitation.id} />
              <Button variant="secondary">
                Resend<span className="visually-hidden"> the invitation to {invitation.email}</span>
              </Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel-invitation" />
              <input type="hidden" name="invitationId" value={invitation.id} />
              <Button variant="secondary">
                Cancel<span className="visually-hidden"> the invitation to {invitation.email}</span>
              </Button>
            </Form>
          </li>
        );
      })}
    </ul>
  );
}
