import crypto from "node:crypto";
import { issueAttendanceCertificate } from "~/modules/certificates/certificates.server.ts";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { issueCertificate, lookUpCertificates } from "~/modules/certificates/certificates.server.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";
import {
  addMember,
  getStaffMemberToRemove,
  leaderLandingPath,
  createOrganisation,
  getStaffRecords,
  listMembershipsForUser,
  removeStaffMember,
  setRecordSharing,
  staffRecordRows,
} from "./organisations.server.ts";
import { staffRecordsCsv } from "./organisations.ts";

const ORIGIN = "https://pathways.example.org";

async function learnerWithCertificate(name: string) {
  const moduleId = `org-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({ id: moduleId, title: `Module for ${name}`, activities: [{ id: "only", type: "reading" }] });
  const user = await createUser({ name });
  await enrol(user.id, moduleId);
  await recordProgress({ userId: user.id, moduleId, activityId: "only", clientId: crypto.randomUUID(), write: { intent: "complete" } });
  const { certificate } = await issueCertificate({ userId: user.id, moduleId, origin: ORIGIN });
  return { ...user, certificateId: certificate.id };
}

/** Two schools, each with a leader and staff, plus an outsider and an admin. */
async function world() {
  const a = await createOrganisation({ name: "Riverside Academy", type: "secondary-school" });
  const b = await createOrganisation({ name: "Hilltop Primary", type: "primary-school" });
  const [leaderA, sharingA, privateA, leaderB, sharingB, outsider, admin] = await Promise.all([
    createUser({ name: "Leader A" }),
    learnerWithCertificate("Sharing A"),
    learnerWithCertificate("Private A"),
    createUser({ name: "Leader B" }),
    learnerWithCertificate("Sharing B"),
    learnerWithCertificate("Outsider"),
    createUser({ name: "Admin", roles: ["admin"] }),
  ]);
  await addMember({ organisationId: a.id, email: leaderA.email, role: "leader" });
  await addMember({ organisationId: a.id, email: sharingA.email, role: "member" });
  await addMember({ organisationId: a.id, email: privateA.email, role: "member" });
  await addMember({ organisationId: b.id, email: leaderB.email, role: "leader" });
  await addMember({ organisationId: b.id, email: sharingB.email, role: "member" });
  await setRecordSharing({ userId: sharingA.id, organisationId: a.id, shares: true });
  await setRecordSharing({ userId: sharingB.id, organisationId: b.id, shares: true });
  return { a, b, leaderA, sharingA, privateA, leaderB, sharingB, outsider, admin };
}

const namesSeenBy = async (leaderId: string, organisationId: string) =>
  (await getStaffRecords({ leaderId, organisationId, origin: ORIGIN }))?.staff.map((s) => s.name) ?? null;

describe("who sees which staff records", () => {
  it("a leader sees only consenting members of their own organisation; nobody else sees anything", async () => {
    const w = await world();
    // [viewer, organisation, expected]: null means "not found" (no data, existence not revealed).
    const matrix: [string, string, string, string[] | null][] = [
      ["leader A", w.leaderA.id, w.a.id, ["Sharing A"]],
      ["leader A", w.leaderA.id, w.b.id, null],
      ["leader B", w.leaderB.id, w.b.id, ["Sharing B"]],
      ["leader B", w.leaderB.id, w.a.id, null],
      ["a consenting member", w.sharingA.id, w.a.id, null],
      ["a member who does not consent", w.privateA.id, w.a.id, null],
      ["an outsider", w.outsider.id, w.a.id, null],
      ["an admin", w.admin.id, w.a.id, null],
      ["leader A, unknown organisation", w.leaderA.id, "no-such-organisation", null],
    ];
    for (const [who, viewer, organisationId, expected] of matrix) {
      expect(await namesSeenBy(viewer, organisationId), who).toEqual(expected);
    }
    const records = await getStaffRecords({ leaderId: w.leaderA.id, organisationId: w.a.id, origin: ORIGIN });
    // The leader and Private A are listed by name as not sharing, with no CPD data at all.
    expect(records!.pending).toEqual([
      { userId: w.leaderA.id, name: "Leader A", email: w.leaderA.email, role: "leader" },
      { userId: w.privateA.id, name: "Private A", email: w.privateA.email, role: "member" },
    ]);
    expect(records!.staff[0]!.certificates.map((c) => c.id)).toEqual([w.sharingA.certificateId]);
    expect(records!.staff[0]!.certificates[0]!.verifyUrl).toBe(`${ORIGIN}/verify/${w.sharingA.certificateId}`);
    expect(JSON.stringify(records)).not.toContain(w.privateA.certificateId);
    expect(JSON.stringify(records)).not.toContain("Module for Private A");
  });

  it("lists a member's certificate of attendance as a live event, without a version (ADR 0057)", async () => {
    const w = await world();
    await issueAttendanceCertificate({
      userId: w.sharingA.id,
      eventId: "primary-maths-forum",
      title: "Primary maths and digital technology forum",
      cpdHours: 2,
      completedAt: new Date("2026-11-03T11:30:00Z"),
      origin: ORIGIN,
    });
    const records = await getStaffRecords({ leaderId: w.leaderA.id, organisationId: w.a.id, origin: ORIGIN });
    const row = staffRecordRows(records!).find((r) => r.moduleTitle.startsWith("Primary maths"));
    expect(row).toMatchObject({ moduleTitle: "Primary maths and digital technology forum (live event)", versionNumber: null, cpdHours: 2 });
  });

  it("consent can be withdrawn, and then the leader sees nothing of that person (nor in the export)", async () => {
    const w = await world();
    const before = await getStaffRecords({ leaderId: w.leaderA.id, organisationId: w.a.id, origin: ORIGIN });
    expect(staffRecordsCsv(staffRecordRows(before!))).toContain(w.sharingA.certificateId);
    await setRecordSharing({ userId: w.sharingA.id, organisationId: w.a.id, shares: false });
    const after = await getStaffRecords({ leaderId: w.leaderA.id, organisationId: w.a.id, origin: ORIGIN });
    expect(after!.staff).toEqual([]);
    expect(staffRecordsCsv(staffRecordRows(after!))).not.toContain(w.sharingA.certificateId);
    const membership = await prisma.membership.findUniqueOrThrow({
      where: { userId_organisationId: { userId: w.sharingA.id, organisationId: w.a.id } },
    });
    expect(membership).toMatchObject({ sharesRecord: false, consentedAt: null });
  });

  it("with consent, leaders see modules in progress (module, percentage, last activity), also in the export; without, nothing", async () => {
    const w = await world();
    const moduleId = `wip-${crypto.randomBytes(4).toString("hex")}`;
    await publishFixtureModule({
      id: moduleId,
      title: "Half-done module",
      activities: [
        { id: "one", type: "reading" },
        { id: "two", type: "reading" },
      ],
    });
    for (const person of [w.sharingA, w.privateA]) {
      await enrol(person.id, moduleId);
      await recordProgress({
        userId: person.id,
        moduleId,
        activityId: "one",
        clientId: crypto.randomUUID(),
        write: { intent: "complete" },
      });
    }
    const records = await getStaffRecords({ leaderId: w.leaderA.id, organisationId: w.a.id, origin: ORIGIN });
    const sharing = records!.staff.find((s) => s.userId === w.sharingA.id)!;
    expect(sharing.inProgress).toEqual([{ moduleId, title: "Half-done module", percent: 50, lastActivityAt: expect.any(Date) }]);
    // A finished module appears as its certificate, not as "in progress".
    expect(sharing.inProgress.map((m) => m.title)).not.toContain("Module for Sharing A");
    const csv = staffRecordsCsv(staffRecordRows(records!));
    const day = londonIsoDate(sharing.inProgress[0]!.lastActivityAt!);
    expect(csv).toContain(`Sharing A,${w.sharingA.email},Half-done module,,,,in progress,,,50,${day}`);
    // The member who does not share: nothing of their progress, anywhere.
    expect(csv.match(/Half-done module/g)).toHaveLength(1);
    expect(JSON.stringify(records!.pending)).not.toContain("Half-done");
    // Another school's leader sees none of it.
    expect(JSON.stringify(await getStaffRecords({ leaderId: w.leaderB.id, organisationId: w.a.id, origin: ORIGIN }))).not.toContain(
      "Half-done",
    );
  });

  it("only members can change their consent, and only their own", async () => {
    const w = await world();
    await expect(setRecordSharing({ userId: w.outsider.id, organisationId: w.a.id, shares: true })).rejects.toMatchObject({ status: 404 });
    expect(await namesSeenBy(w.leaderA.id, w.a.id)).toEqual(["Sharing A"]);
    const mine = await listMembershipsForUser(w.sharingA.id);
    expect(mine).toEqual([
      expect.objectContaining({ role: "member", sharesRecord: true, organisation: { id: w.a.id, name: "Riverside Academy" } }),
    ]);
    expect(await listMembershipsForUser(w.outsider.id)).toEqual([]);
  });

  it("adding someone again changes their role but never their consent; unknown emails are refused", async () => {
    const w = await world();
    await addMember({ organisationId: w.a.id, email: w.sharingA.email.toUpperCase(), role: "leader" });
    expect(await listMembershipsForUser(w.sharingA.id)).toEqual([expect.objectContaining({ role: "leader", sharesRecord: true })]);
    await expect(addMember({ organisationId: w.a.id, email: "nobody@school.example", role: "member" })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("leaders manage their own staff", () => {
  const membership = (userId: string, organisationId: string) =>
    prisma.membership.findUnique({
      where: { userId_organisationId: { userId, organisationId } },
      select: { role: true, sharesRecord: true },
    });

  it("the removal confirmation shows a member of staff only to a leader of their organisation", async () => {
    const w = await world();
    const mine = await getStaffMemberToRemove({ leaderId: w.leaderA.id, organisationId: w.a.id, userId: w.sharingA.id });
    expect(mine).toEqual({
      organisation: { id: w.a.id, name: "Riverside Academy" },
      member: { id: w.sharingA.id, name: "Sharing A", email: w.sharingA.email, sharesRecord: true },
    });
    for (const [who, leaderId, organisationId, userId] of [
      ["leader B, A's member", w.leaderB.id, w.a.id, w.sharingA.id],
      ["leader B, A's member through B", w.leaderB.id, w.b.id, w.sharingA.id],
      ["a member of A", w.sharingA.id, w.a.id, w.privateA.id],
      ["leader A, a leader (themselves)", w.leaderA.id, w.a.id, w.leaderA.id],
      ["leader A, B's member", w.leaderA.id, w.a.id, w.sharingB.id],
      ["an admin", w.admin.id, w.a.id, w.sharingA.id],
    ] as const) {
      expect(await getStaffMemberToRemove({ leaderId, organisationId, userId }), who).toBeNull();
    }
  });

  it("leaders land on their organisation's staff records; others have no school link", async () => {
    const w = await world();
    expect(await leaderLandingPath(w.leaderA.id)).toBe(`/organisations/${w.a.id}`);
    expect(await leaderLandingPath(w.sharingA.id)).toBeNull();
    expect(await leaderLandingPath(w.admin.id)).toBeNull();
    await addMember({ organisationId: w.b.id, email: w.leaderA.email, role: "leader" });
    expect(await leaderLandingPath(w.leaderA.id)).toBe("/organisations");
  });

  it("a leader removes members of staff of their own organisation only, never a leader", async () => {
    const w = await world();
    // Another school's leader, by either school's id, cannot remove A's staff.
    for (const organisationId of [w.a.id, w.b.id]) {
      await expect(removeStaffMember({ leaderId: w.leaderB.id, organisationId, userId: w.sharingA.id })).rejects.toMatchObject({
        status: 404,
      });
    }
    // Nor can a member, nor can A's leader remove themselves or B's staff.
    await expect(removeStaffMember({ leaderId: w.sharingA.id, organisationId: w.a.id, userId: w.privateA.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(removeStaffMember({ leaderId: w.leaderA.id, organisationId: w.a.id, userId: w.leaderA.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(removeStaffMember({ leaderId: w.leaderA.id, organisationId: w.a.id, userId: w.sharingB.id })).rejects.toMatchObject({
      status: 404,
    });
    expect(await membership(w.sharingA.id, w.a.id)).not.toBeNull();
    expect(await membership(w.leaderA.id, w.a.id)).toEqual({ role: "leader", sharesRecord: false });
    expect(await membership(w.sharingB.id, w.b.id)).not.toBeNull();

    await removeStaffMember({ leaderId: w.leaderA.id, organisationId: w.a.id, userId: w.sharingA.id });
    expect(await membership(w.sharingA.id, w.a.id)).toBeNull();
    expect(await namesSeenBy(w.leaderA.id, w.a.id)).toEqual([]);
    // Their certificate is untouched.
    expect(await prisma.certificate.count({ where: { id: w.sharingA.certificateId } })).toBe(1);
  });
});

describe("bulk verification", () => {
  it("looks up many references at once, keeping their order and marking unknown ones", async () => {
    const one = await learnerWithCertificate("Bulk One");
    const two = await learnerWithCertificate("Bulk Two");
    const result = await lookUpCertificates([two.certificateId, "AAAAAAAAAAAAAAAAAAAAAAAA", one.certificateId]);
    expect(result.map((r) => r.certificate?.holderName ?? null)).toEqual(["Bulk Two", null, "Bulk One"]);
  });
});
