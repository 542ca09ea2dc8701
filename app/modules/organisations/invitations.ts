/**
 * Invitations to join an organisation (pure rules and texts, no I/O; docs/decisions/0032). A leader
 * invites an email address; the person holding the link accepts or declines. Nothing here looks at
 * whether the address has an account.
 */
import { formatDate } from "~/utils/dates.ts";

export const InvitationStatus = { pending: "pending", accepted: "accepted", declined: "declined", cancelled: "cancelled" } as const;
export type InvitationStatus = (typeof InvitationStatus)[keyof typeof InvitationStatus];

/** How long an invitation link works. Resending gives a new link and a new 14 days. */
export const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/** How many invitation emails one organisation may send in a day (invites and resends together). */
export const MAX_INVITATION_EMAILS_PER_DAY = 100;

/** What a leader is told after inviting anyone: the same words whoever the address belongs to. */
export function invitationSentMessage(email: string): string {
  return `Invitation sent to ${email}. It works for 14 days; they join when they accept it.`;
}

/** Whether an invitation can still be answered at `now`. */
export function isOpen(invitation: { status: string; expiresAt: Date }, now: Date): boolean {
  return invitation.status === InvitationStatus.pending && invitation.expiresAt > now;
}

export function invitationEmail({
  organisation,
  inviter,
  link,
  expiresAt,
}: {
  organisation: string;
  inviter: string | null;
  link: string;
  expiresAt: Date;
}) {
  const who = inviter ? `${inviter} has` : "A leader has";
  return {
    subject: `Join ${organisation} on Pathways`,
    text: [
      "Hello,",
      "",
      `${who} invited you to join ${organisation} on Pathways, the free CPD platform for teachers, as a member of staff.`,
      "",
      "Open this link to accept or decline. If you have no Pathways account yet, you can create one there:",
      "",
      link,
      "",
      `The link works until ${formatDate(expiresAt)}, once.`,
      "",
      `Joining does not show your CPD record to ${organisation}: you choose, from your account, whether its leaders may see it,`,
      "and you can stop sharing at any time.",
      "",
      "If you were not expecting this, you can ignore this email: nothing happens unless you accept.",
    ].join("\n"),
  };
}
