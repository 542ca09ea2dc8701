/**
 * Requests to join the organisation a teacher named at sign-up (docs/decisions/0036). The teacher
 * chooses to ask, from their own page; a leader of that organisation approves (they become a member
 * of staff, sharing nothing until they consent) or declines. Leader-side queries are scoped, in their
 * `where`, to a leader of the organisation.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { MembershipRole } from "./organisations.ts";

export const JoinRequestStatus = { pending: "pending", approved: "approved", declined: "declined" } as const;

const ledBy = (leaderId: string) =>
  ({ memberships: { some: { userId: leaderId, role: MembershipRole.leader } } }) satisfies Prisma.OrganisationWhereInput;

const normalise = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The organisation matching what this person typed at sign-up (same name, ignoring case and spacing,
 * and same type) that they are not in yet, with any request they have made; null when none matches.
 */
export async function findJoinableOrganisation(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { organisationName: true, organisationType: true } });
  if (!user || !user.organisationName.trim()) return null;
  const candidates = await prisma.organisation.findMany({
    where: { type: user.organisationType, memberships: { none: { userId } } },
    select: { id: true, name: true, joinRequests: { where: { userId }, select: { status: true } } },
  });
  const match = candidates.find((o) => normalise(o.name) === normalise(user.organisationName));
  if (!match) return null;
  return { id: match.id, name: match.name, request: match.joinRequests[0]?.status ?? null };
}

/** The teacher asks to join the organisation that matches what they typed (and only that one). */
export async function requestToJoin({ userId, organisationId }: { userId: string; organisationId: string }) {
  const joinable = await findJoinableOrganisation(userId);
  if (!joinable || joinable.id !== organisationId) throw new AppError("not-found", "You cannot ask to join that organisation.");
  if (joinable.request === JoinRequestStatus.declined) {
    throw new AppError("conflict", `${joinable.name} declined your request. Ask one of its leaders to invite you instead.`);
  }
  await prisma.organisationJoinRequest.upsert({
    where: { organisationId_userId: { organisationId, userId } },
    create: { organisationId, userId },
    update: {},
  });
  return { name: joinable.name };
}

/** Pending requests to join an organisation, for its leaders only. */
export function listJoinRequests({ leaderId, organisationId }: { leaderId: string; organisationId: string }) {
  return prisma.organisationJoinRequest.findMany({
    where: { organisationId, status: JoinRequestStatus.pending, organisation: ledBy(leaderId) },
    orderBy: { createdAt: "asc" },
    select: { id: true, createdAt: true, user: { select: { name: true, email: true } } },
  });
}

/** A leader approves (the person joins as a member of staff) or declines a pending request. */
export async function decideJoinRequest({
  leaderId,
  organisationId,
  requestId,
  approve,
  now = new Date(),
}: {
  leaderId: string;
  organisationId: string;
  requestId: string;
  approve: boolean;
  now?: Date;
}) {
  return prisma.$transaction(async (tx) => {
    const request = await tx.organisationJoinRequest.findFirst({
      where: { id: requestId, organisationId, status: JoinRequestStatus.pending, organisation: ledBy(leaderId) },
      select: { id: true, userId: true, user: { select: { name: true } } },
    });
    if (!request) throw new AppError("not-found", "That request is not waiting for an answer.");
    const { count } = await tx.organisationJoinRequest.updateMany({
      where: { id: request.id, status: JoinRequestStatus.pending },
      data: { status: approve ? JoinRequestStatus.approved : JoinRequestStatus.declined, decidedAt: now },
    });
    if (count !== 1) throw new AppError("not-found", "That request is not waiting for an answer.");
    if (approve) {
      const existing = await tx.membership.findUnique({
        where: { userId_organisationId: { userId: request.userId, organisationId } },
        select: { role: true },
      });
      if (!existing) await tx.membership.create({ data: { userId: request.userId, organisationId, role: MembershipRole.member } });
    }
    return { name: request.user.name };
  });
}
