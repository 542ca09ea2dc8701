/**
 * Organisations, memberships and consent. Admins create organisations and add people (as staff or
 * as leaders); each member decides whether the organisation's leaders may see their CPD record
 * (their certificates). Every query that returns staff data is scoped, in its `where`, to a leader
 * of that organisation and to members who currently consent.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { CertificateStatus } from "~/modules/certificates/constants.ts";
import { certificateUrls, verifyUrlFromStoredCredential } from "~/modules/certificates/open-badge.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { MembershipRole, type StaffRecordRow } from "./organisations.ts";

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

/**
 * Adds the account with this email to an organisation with a role (or changes the role of someone
 * already in it). Their consent is untouched: a new member shares nothing until they choose to.
 */
export async function addMember({ organisationId, email, role }: { organisationId: string; email: string; role: MembershipRole }) {
  const [user, organisation] = await Promise.all([
    prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, name: true } }),
    prisma.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true } }),
  ]);
  if (!organisation) throw new AppError("not-found", "That organisation no longer exists.");
  if (!user) throw new AppError("not-found", "There is no Pathways account with that email address. Ask them to create one first.");
  await prisma.membership.upsert({
    where: { userId_organisationId: { userId: user.id, organisationId } },
    create: { userId: user.id, organisationId, role },
    update: { role },
  });
  return { name: user.name, organisation: organisation.name };
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
  moduleTitle: true,
  versionNumber: true,
  cpdHours: true,
  completedAt: true,
  status: true,
  revokedAt: true,
  credential: true,
} satisfies Prisma.CertificateSelect;

/**
 * A leader's view of their organisation: the records of members who consent, and how many have
 * not (no names). Null when `leaderId` is not a leader of `organisationId` (so others cannot tell
 * whether it exists).
 */
export async function getStaffRecords({ leaderId, organisationId, origin }: { leaderId: string; organisationId: string; origin: string }) {
  const ledBy = { memberships: { some: { userId: leaderId, role: MembershipRole.leader } } } satisfies Prisma.OrganisationWhereInput;
  const organisation = await prisma.organisation.findFirst({ where: { id: organisationId, ...ledBy }, select: { id: true, name: true } });
  if (!organisation) return null;
  const [sharing, notSharing] = await Promise.all([
    prisma.membership.findMany({
      // Consent and leadership are both in the query: nothing else can leak through.
      where: { organisationId, sharesRecord: true, organisation: ledBy },
      orderBy: { user: { name: "asc" } },
      select: {
        consentedAt: true,
        user: {
          select: {
            id: true,
            name: true,
            email: true,
            certificates: { orderBy: { completedAt: "desc" }, select: staffCertificateSelect },
          },
        },
      },
    }),
    prisma.membership.count({ where: { organisationId, sharesRecord: false, organisation: ledBy } }),
  ]);
  const staff = sharing.map(({ consentedAt, user }) => ({
    userId: user.id,
    name: user.name,
    email: user.email,
    consentedAt,
    totalHours: user.certificates.filter((c) => c.status === CertificateStatus.valid).reduce((sum, c) => sum + c.cpdHours, 0),
    certificates: user.certificates.map(({ credential, ...c }) => ({
      ...c,
      verifyUrl: verifyUrlFromStoredCredential(credential) ?? certificateUrls(origin, c.id).verifyUrl,
    })),
  }));
  return { organisation, staff, notSharing };
}

export type StaffRecords = NonNullable<Awaited<ReturnType<typeof getStaffRecords>>>;

export function staffRecordRows(records: StaffRecords): StaffRecordRow[] {
  return records.staff.flatMap((member) =>
    member.certificates.map((c) => ({
      name: member.name,
      email: member.email,
      moduleTitle: c.moduleTitle,
      versionNumber: c.versionNumber,
      cpdHours: c.cpdHours,
      completedAt: c.completedAt,
      status: c.status,
      certificateId: c.id,
      verifyUrl: c.verifyUrl,
    })),
  );
}
