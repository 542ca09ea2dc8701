/**
 * Organisations, memberships and consent. Admins create organisations and add people (as staff or
 * as leaders); leaders invite members of staff (invitations.server.ts) and remove them, in their
 * own organisation only (never leaders: only admins make or unmake them). Each member decides whether the organisation's leaders may see
 * their CPD record (their certificates). Every query that returns or changes staff data is scoped,
 * in its `where`, to a leader of that organisation, and CPD data to members who currently consent.
 */
import { certificateSubject } from "~/modules/certificates/certificate-subject.ts";
import { Prisma } from "~/generated/prisma/client.ts";
import { CertificateStatus } from "~/modules/certificates/constants.ts";
import { certificateUrls, verifyUrlFromStoredCredential } from "~/modules/certificates/open-badge.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { listPendingInvitations } from "./invitations.server.ts";
import { listJoinRequests } from "./join-requests.server.ts";
import { summariseCompletion } from "~/modules/progress/progress.ts";
import { IN_PROGRESS, MembershipRole, type StaffRecordRow } from "./organisations.ts";

export async function createOrganisation({ name, type }: { name: string; type: string }) {
  return prisma.organisation.create({ data: { name: name.trim(), type }, select: { id: true, name: true } });
}

/** Every organisation, for the admin page, with how many members and leaders it has. */
export async function listOrganisations() {
  const organisations = await prisma.organisation.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, type: true, memberships: { select: { role: true, sharesRecord: true } } },
  });
  return organisations.map(({ memberships, ...o }) => ({
    ...o,
    members: memberships.length,
    leaders: memberships.filter((m) => m.role === MembershipRole.leader).length,
    sharing: memberships.filter((m) => m.sharesRecord).length,
  }));
}

/** Organisations that `leaderId` leads (put in a `where`, it scopes a query to their organisations). */
const ledBy = (leaderId: string) =>
  ({ memberships: { some: { userId: leaderId, role: MembershipRole.leader } } }) satisfies Prisma.OrganisationWhereInput;

const NO_ACCOUNT =
  "There is no Pathways account with that email address. Ask them to create one first (anyone can sign up), then add them.";

/**
 * Adds the account with this email to an organisation with a role (or changes the role of someone
 * already in it). For admins only (docs/decisions/0032): leaders invite instead. Their consent is
 * untouched: a new member shares nothing until they choose to.
 */
export async function addMember({ organisationId, email, role }: { organisationId: string; email: string; role: MembershipRole }) {
  const [organisation, user] = await Promise.all([
    prisma.organisation.findFirst({ where: { id: organisationId }, select: { id: true, name: true } }),
    prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, name: true } }),
  ]);
  if (!organisation) throw new AppError("not-found", "That organisation no longer exists.");
  if (!user) throw new AppError("not-found", NO_ACCOUNT);
  await prisma.membership.upsert({
    where: { userId_organisationId: { userId: user.id, organisationId } },
    create: { userId: user.id, organisationId, role },
    update: { role },
  });
  return { name: user.name, organisation: organisation.name };
}

/**
 * A leader removes a member of staff from their organisation (their certificates and account are
 * untouched; only the membership, and with it any consent, goes). Leaders are removed by admins
 * only. 404 unless `leaderId` leads the organisation and `userId` is a member of staff in it.
 */
export async function removeStaffMember({
  leaderId,
  organisationId,
  userId,
}: {
  leaderId: string;
  organisationId: string;
  userId: string;
}) {
  const { count } = await prisma.membership.deleteMany({
    where: { organisationId, userId, role: MembershipRole.member, organisation: ledBy(leaderId) },
  });
  if (count === 0) throw new AppError("not-found", "That person is not a member of staff in this organisation.");
}

/**
 * The member of staff a leader is about to remove, for the confirmation page; null unless `leaderId`
 * leads the organisation and `userId` is a member of staff (not a leader) in it.
 */
export async function getStaffMemberToRemove({
  leaderId,
  organisationId,
  userId,
}: {
  leaderId: string;
  organisationId: string;
  userId: string;
}) {
  const membership = await prisma.membership.findFirst({
    where: { organisationId, userId, role: MembershipRole.member, organisation: ledBy(leaderId) },
    select: {
      sharesRecord: true,
      user: { select: { id: true, name: true, email: true } },
      organisation: { select: { id: true, name: true } },
    },
  });
  if (!membership) return null;
  return { organisation: membership.organisation, member: { ...membership.user, sharesRecord: membership.sharesRecord } };
}

/** The organisations `userId` leads, by name (for the "Your school" link and the landing page). */
export function listLedOrganisations(userId: string) {
  return prisma.organisation.findMany({
    where: ledBy(userId),
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
}

/**
 * Where a leader lands after signing in: their organisation's staff records (or the list, when they
 * lead several). Null for everyone else.
 */
export async function leaderLandingPath(userId: string): Promise<string | null> {
  const led = await listLedOrganisations(userId);
  if (led.length === 0) return null;
  return led.length === 1 ? `/organisations/${led[0]!.id}` : "/organisations";
}

/** The organisations a person belongs to, with their role and whether they share their record. */
export function listMembershipsForUser(userId: string) {
  return prisma.membership.findMany({
    where: { userId },
    orderBy: { joinedAt: "asc" },
    select: { role: true, sharesRecord: true, consentedAt: true, organisation: { select: { id: true, name: true } } },
  });
}

/** Gives or withdraws the member's consent to show their CPD record to the organisation's leaders. */
export async function setRecordSharing({
  userId,
  organisationId,
  shares,
  now = new Date(),
}: {
  userId: string;
  organisationId: string;
  shares: boolean;
  now?: Date;
}) {
  const { count } = await prisma.membership.updateMany({
    where: { userId, organisationId },
    data: { sharesRecord: shares, consentedAt: shares ? now : null },
  });
  if (count === 0) throw new AppError("not-found", "You are not a member of that organisation.");
}

const staffCertificateSelect = {
  id: true,
  moduleId: true,
  moduleTitle: true,
  versionNumber: true,
  cpdHours: true,
  completedAt: true,
  status: true,
  revokedAt: true,
  credential: true,
} satisfies Prisma.CertificateSelect;

/**
 * A leader's view of their organisation: the records of members who consent; the others by name
 * only, as "has not shared their record" (no CPD data). Null when `leaderId` is not a leader of
 * `organisationId` (so others cannot tell whether it exists).
 */
export async function getStaffRecords({ leaderId, organisationId, origin }: { leaderId: string; organisationId: string; origin: string }) {
  const organisation = await prisma.organisation.findFirst({
    where: { id: organisationId, ...ledBy(leaderId) },
    select: { id: true, name: true },
  });
  if (!organisation) return null;
  const [sharing, notSharing, invitations, joinRequests] = await Promise.all([
    prisma.membership.findMany({
      // Consent and leadership are both in the query: nothing else can leak through.
      where: { organisationId, sharesRecord: true, organisation: ledBy(leaderId) },
      orderBy: { user: { name: "asc" } },
      select: {
        consentedAt: true,
        role: true,
        user: {
          select: {
            id: true,
            name: true,
            email: true,
            certificates: { orderBy: { completedAt: "desc" }, select: staffCertificateSelect },
            // Modules started and not finished: title, required activities and what is done. Only
            // for members who consent (the `where` above), only what SHARED_RECORD_DESCRIPTION says.
            enrolments: {
              where: { completedAt: null },
              orderBy: [{ lastActivityAt: { sort: "desc", nulls: "last" } }, { enrolledAt: "desc" }],
              select: {
                moduleId: true,
                lastActivityAt: true,
                module: {
                  select: {
                    currentVersion: {
                      select: { title: true, activities: { select: { activityId: true, required: true, position: true } } },
                    },
                  },
                },
              },
            },
            progress: { where: { completedAt: { not: null } }, select: { moduleId: true, activityId: true } },
          },
        },
      },
    }),
    prisma.membership.findMany({
      // Who they are, never what they have done: no certificates are selected.
      where: { organisationId, sharesRecord: false, organisation: ledBy(leaderId) },
      orderBy: { user: { name: "asc" } },
      select: { role: true, user: { select: { id: true, name: true, email: true } } },
    }),
    listPendingInvitations({ leaderId, organisationId }),
    listJoinRequests({ leaderId, organisationId }),
  ]);
  const staff = sharing.map(({ consentedAt, role, user }) => ({
    userId: user.id,
    name: user.name,
    email: user.email,
    role: role as MembershipRole,
    consentedAt,
    totalHours: user.certificates.filter((c) => c.status === CertificateStatus.valid).reduce((sum, c) => sum + c.cpdHours, 0),
    certificates: user.certificates.map(({ credential, ...c }) => ({
      ...c,
      verifyUrl: verifyUrlFromStoredCredential(credential) ?? certificateUrls(origin, c.id).verifyUrl,
    })),
    inProgress: modulesInProgress(user),
  }));
  const pending = notSharing.map(({ role, user }) => ({
    userId: user.id,
    name: user.name,
    email: user.email,
    role: role as MembershipRole,
  }));
  return { organisation, staff, pending, invitations, joinRequests };
}

/** A sharing member's unfinished modules with the percentage of required activities done. */
function modulesInProgress(user: {
  certificates: { moduleId: string }[];
  enrolments: {
    moduleId: string;
    lastActivityAt: Date | null;
    module: { currentVersion: { title: string; activities: { activityId: string; required: boolean; position: number }[] } | null };
  }[];
  progress: { moduleId: string; activityId: string }[];
}) {
  const certified = new Set(user.certificates.map((c) => c.moduleId));
  return user.enrolments.flatMap((e) => {
    const version = e.module.currentVersion;
    if (!version || certified.has(e.moduleId)) return [];
    const done = new Set(user.progress.filter((p) => p.moduleId === e.moduleId).map((p) => p.activityId));
    const { percent } = summariseCompletion(version.activities, done);
    return [{ moduleId: e.moduleId, title: version.title, percent, lastActivityAt: e.lastActivityAt }];
  });
}

export type StaffRecords = NonNullable<Awaited<ReturnType<typeof getStaffRecords>>>;

export function staffRecordRows(records: StaffRecords): StaffRecordRow[] {
  return records.staff.flatMap((member) => [
    ...member.certificates.map((c) => {
      // A certificate of attendance (ADR 0057) has no version; its title says it was a live event.
      const event = certificateSubject(c.moduleId).kind === "event";
      return {
        name: member.name,
        email: member.email,
        moduleTitle: event ? `${c.moduleTitle} (live event)` : c.moduleTitle,
        versionNumber: event ? null : c.versionNumber,
        cpdHours: c.cpdHours,
        completedAt: c.completedAt,
        status: c.status,
        certificateId: c.id,
        verifyUrl: c.verifyUrl,
        percent: 100,
        lastActivityAt: null,
      };
    }),
    ...member.inProgress.map((m) => ({
      name: member.name,
      email: member.email,
      moduleTitle: m.title,
      versionNumber: null,
      cpdHours: null,
      completedAt: null,
      status: IN_PROGRESS,
      certificateId: "",
      verifyUrl: "",
      percent: m.percent,
      lastActivityAt: m.lastActivityAt,
    })),
  ]);
}
