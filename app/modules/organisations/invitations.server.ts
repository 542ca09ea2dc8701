/**
 * Invitations to join an organisation as a member of staff (docs/decisions/0032). A leader invites
 * an email address and is told the same thing whoever it belongs to: inviting never looks at
 * accounts. The emailed link carries a random token (only its hash is stored), works once and
 * expires. The person who opens it accepts or declines while signed in as the invited address, or
 * creates an account for that address on the invitation page (the link proves they receive its
 * email). Every leader-side query is scoped, in its `where`, to a leader of the organisation.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { createUserSession } from "~/modules/auth/session.server.ts";
import { generateToken, hashToken } from "~/modules/auth/tokens.server.ts";
import type { RoleInSchool } from "~/modules/auth/account-schema.ts";
import { queueEmail } from "~/modules/email/email.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { INVITATION_LIFETIME_MS, InvitationStatus, MAX_INVITATION_EMAILS_PER_DAY, invitationEmail } from "./invitations.ts";
import { MembershipRole } from "./organisations.ts";

const ledBy = (leaderId: string) =>
  ({ memberships: { some: { userId: leaderId, role: MembershipRole.leader } } }) satisfies Prisma.OrganisationWhereInput;

const NOT_VALID =
  "This invitation link is not valid: it may have expired, been used already or been cancelled. Ask your school for a new one.";

/** Only open invitations (pending and not expired) can be answered. */
const open = (now: Date) =>
  ({ status: InvitationStatus.pending, expiresAt: { gt: now } }) satisfies Prisma.OrganisationInvitationWhereInput;

/** Refuses a new email from an organisation that has sent too many today (spam, not secrecy). */
async function checkDailyLimit(organisationId: string, now: Date) {
  const sentToday = await prisma.organisationInvitation.count({
    where: { organisationId, sentAt: { gt: new Date(now.getTime() - 24 * 60 * 60 * 1000) } },
  });
  if (sentToday >= MAX_INVITATION_EMAILS_PER_DAY) {
    throw new AppError(
      "too-many-requests",
      `This organisation has sent ${MAX_INVITATION_EMAILS_PER_DAY} invitations today. Try again tomorrow.`,
    );
  }
}

/**
 * Queues the email with the link (docs/decisions/0053): its sending (and any failure) never shows in
 * the answer. One email per link: the key is the token's hash, which the invitation row holds too.
 */
async function sendInvitation(
  to: string,
  details: { organisation: string; inviter: string | null; token: string; origin: string; expiresAt: Date },
) {
  const email = invitationEmail({ ...details, link: `${details.origin}/invitations/${details.token}` });
  await queueEmail({ to, ...email }, { key: `email:invitation:${hashToken(details.token)}` });
}

/**
 * A leader invites an address to their organisation as a member of staff. Inviting an address that
 * already has an invitation here gives it a new link (the old one stops working). Accounts are not
 * looked at: the result is the same for every address. Null when `leaderId` does not lead it.
 */
export async function inviteStaffMember({
  leaderId,
  organisationId,
  email,
  origin,
  now = new Date(),
}: {
  leaderId: string;
  organisationId: string;
  email: string;
  origin: string;
  now?: Date;
}) {
  const found = await prisma.organisation.findFirst({
    where: { id: organisationId, ...ledBy(leaderId) },
    select: { id: true, name: true, memberships: { where: { userId: leaderId }, select: { user: { select: { name: true } } } } },
  });
  if (!found) return null;
  await checkDailyLimit(organisationId, now);
  const address = email.trim().toLowerCase();
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  const fields = {
    tokenHash: hashToken(token),
    invitedById: leaderId,
    status: InvitationStatus.pending,
    sentAt: now,
    expiresAt,
    respondedAt: null,
  };
  await prisma.organisationInvitation.upsert({
    where: { organisationId_email: { organisationId, email: address } },
    create: { organisationId, email: address, ...fields, createdAt: now },
    update: fields,
  });
  await sendInvitation(address, { organisation: found.name, inviter: found.memberships[0]?.user.name ?? null, token, origin, expiresAt });
  return { email: address };
}

/** A leader sends a pending (or expired) invitation again, with a new link valid for 14 more days. */
export async function resendInvitation({
  leaderId,
  organisationId,
  invitationId,
  origin,
  now = new Date(),
}: {
  leaderId: string;
  organisationId: string;
  invitationId: string;
  origin: string;
  now?: Date;
}) {
  const invitation = await prisma.organisationInvitation.findFirst({
    where: { id: invitationId, organisationId, status: InvitationStatus.pending, organisation: ledBy(leaderId) },
    select: { id: true, email: true, organisation: { select: { name: true } } },
  });
  if (!invitation) throw new AppError("not-found", "That invitation is not waiting for an answer.");
  await checkDailyLimit(organisationId, now);
  const leader = await prisma.user.findUnique({ where: { id: leaderId }, select: { name: true } });
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  await prisma.organisationInvitation.update({
    where: { id: invitation.id },
    data: { tokenHash: hashToken(token), invitedById: leaderId, sentAt: now, expiresAt },
  });
  await sendInvitation(invitation.email, {
    organisation: invitation.organisation.name,
    inviter: leader?.name ?? null,
    token,
    origin,
    expiresAt,
  });
  return { email: invitation.email };
}

/** A leader cancels a pending invitation: its link stops working at once. */
export async function cancelInvitation({
  leaderId,
  organisationId,
  invitationId,
}: {
  leaderId: string;
  organisationId: string;
  invitationId: string;
}) {
  const invitation = await prisma.organisationInvitation.findFirst({
    where: { id: invitationId, organisationId, status: InvitationStatus.pending, organisation: ledBy(leaderId) },
    select: { id: true, email: true },
  });
  if (!invitation) throw new AppError("not-found", "That invitation is not waiting for an answer.");
  const { count } = await prisma.organisationInvitation.updateMany({
    where: { id: invitation.id, status: InvitationStatus.pending },
    data: { status: InvitationStatus.cancelled },
  });
  if (count === 0) throw new AppError("not-found", "That invitation is not waiting for an answer.");
  return { email: invitation.email };
}

/** Invitations of an organisation still waiting for an answer (expired ones included, to resend). */
export function listPendingInvitations({ leaderId, organisationId }: { leaderId: string; organisationId: string }) {
  return prisma.organisationInvitation.findMany({
    where: { organisationId, status: InvitationStatus.pending, organisation: ledBy(leaderId) },
    orderBy: { sentAt: "desc" },
    select: { id: true, email: true, sentAt: true, expiresAt: true },
  });
}

/** The invitation behind a link, while it can still be answered; null for any other token. */
export async function findOpenInvitation(token: string, now = new Date()) {
  return prisma.organisationInvitation.findFirst({
    where: { tokenHash: hashToken(token), ...open(now) },
    select: {
      id: true,
      email: true,
      expiresAt: true,
      organisation: { select: { id: true, name: true, type: true } },
      invitedBy: { select: { name: true } },
    },
  });
}

export type OpenInvitation = NonNullable<Awaited<ReturnType<typeof findOpenInvitation>>>;

/**
 * Uses up the invitation for `email` (inside `tx`): only the first answer to an open invitation
 * counts, so a link works once even when it is used twice at the same moment.
 */
async function claim(tx: Prisma.TransactionClient, token: string, email: string, status: InvitationStatus, now: Date) {
  const { count } = await tx.organisationInvitation.updateMany({
    where: { tokenHash: hashToken(token), email, ...open(now) },
    data: { status, respondedAt: now },
  });
  if (count !== 1) throw new AppError("not-found", NOT_VALID);
}

/** Joins as a member of staff (someone already in the organisation keeps their role and consent). */
async function join(tx: Prisma.TransactionClient, userId: string, organisationId: string) {
  const existing = await tx.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } }, select: { role: true } });
  if (!existing) await tx.membership.create({ data: { userId, organisationId, role: MembershipRole.member } });
}

/**
 * The signed-in person accepts an invitation sent to their own address. An invitation for another
 * address is refused: nobody joins an organisation through someone else's invitation.
 */
export async function acceptInvitation({
  token,
  user,
  now = new Date(),
}: {
  token: string;
  user: { id: string; email: string };
  now?: Date;
}) {
  const invitation = await findOpenInvitation(token, now);
  if (!invitation) throw new AppError("not-found", NOT_VALID);
  if (invitation.email !== user.email)
    throw new AppError("forbidden", `This invitation is for ${invitation.email}. Sign in as that address to accept it.`);
  await prisma.$transaction(async (tx) => {
    await claim(tx, token, user.email, InvitationStatus.accepted, now);
    await join(tx, user.id, invitation.organisation.id);
  });
  return { organisation: invitation.organisation };
}

/**
 * Declines an invitation. The link alone is enough when nobody is signed in (it reached the invited
 * address); someone signed in as another address is refused, as for accepting.
 */
export async function declineInvitation({ token, user, now = new Date() }: { token: string; user: { email: string } | null; now?: Date }) {
  const invitation = await findOpenInvitation(token, now);
  if (!invitation) throw new AppError("not-found", NOT_VALID);
  if (user && invitation.email !== user.email) {
    throw new AppError("forbidden", `This invitation is for ${invitation.email}. Sign in as that address to answer it.`);
  }
  await prisma.$transaction((tx) => claim(tx, token, invitation.email, InvitationStatus.declined, now));
  return { organisation: invitation.organisation };
}

/**
 * Someone without an account creates one for the invited address on the invitation page, and joins
 * in the same transaction. The email address is the invitation's: the link proves they receive mail
 * there. Returns the new session's cookie.
 */
export async function createAccountAndAccept({
  token,
  name,
  password,
  roleInSchool,
  now = new Date(),
}: {
  token: string;
  name: string;
  password: string;
  roleInSchool: RoleInSchool;
  now?: Date;
}) {
  const invitation = await findOpenInvitation(token, now);
  if (!invitation) throw new AppError("not-found", NOT_VALID);
  const accountExists = new AppError(
    "conflict",
    `There is already a Pathways account for ${invitation.email}. Sign in with it to accept the invitation.`,
  );
  // Only the holder of the link learns this, and the link proves the address is theirs.
  if (await prisma.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) throw accountExists;
  const passwordHash = await hashPassword(password);
  let userId: string;
  try {
    userId = await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          name,
          email: invitation.email,
          passwordHash,
          organisationName: invitation.organisation.name,
          organisationType: invitation.organisation.type,
          roleInSchool,
          emailVerifiedAt: now, // the invitation link reached this address (docs/decisions/0032)
        },
        select: { id: true },
      });
      await claim(tx, token, invitation.email, InvitationStatus.accepted, now);
      await join(tx, user.id, invitation.organisation.id);
      return user.id;
    });
  } catch (error) {
    // Another sign-up for the same address won the race.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw accountExists;
    throw error;
  }
  return { organisation: invitation.organisation, cookie: await createUserSession(userId) };
}
