import { describe, expect, it } from "vitest";
import { createUser, uniqueEmail } from "../../../tests/factories/users.ts";
import { sentEmails } from "../../../tests/setup/mail.ts";
import { hashToken } from "~/modules/auth/tokens.server.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { settleAfterResponseTasks } from "~/utils/after-response.server.ts";
import { prisma } from "~/utils/db.server.ts";
import {
  acceptInvitation,
  cancelInvitation,
  createAccountAndAccept,
  declineInvitation,
  findOpenInvitation,
  inviteStaffMember,
  listPendingInvitations,
  resendInvitation,
} from "./invitations.server.ts";
import { INVITATION_LIFETIME_MS, MAX_INVITATION_EMAILS_PER_DAY } from "./invitations.ts";
import { addMember, createOrganisation, getStaffRecords } from "./organisations.server.ts";

const ORIGIN = "https://pathways.example.org";

/** What this file's SMTP server received for `to`, oldest first. */
const outboxTo = (to: string) => sentEmails().filter((m) => m.to === to);

/** The token in the newest invitation email to `to`. */
async function latestToken(to: string): Promise<string> {
  await settleAfterResponseTasks();
  await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
  const text = outboxTo(to).at(-1)?.text ?? "";
  const match = text.match(new RegExp(`${ORIGIN}/invitations/([A-Za-z0-9_-]{43})`));
  if (!match) throw new Error(`no invitation link in: ${text}`);
  return match[1]!;
}

async function school() {
  const organisation = await createOrganisation({ name: "Riverside Academy", type: "secondary-school" });
  const other = await createOrganisation({ name: "Hilltop Primary", type: "primary-school" });
  const [leader, otherLeader, member] = await Promise.all([
    createUser({ name: "Lena Leader" }),
    createUser({ name: "Omar Otherleader" }),
    createUser({ name: "Mo Member" }),
  ]);
  await addMember({ organisationId: organisation.id, email: leader.email, role: "leader" });
  await addMember({ organisationId: other.id, email: otherLeader.email, role: "leader" });
  await addMember({ organisationId: organisation.id, email: member.email, role: "member" });
  return { organisation, other, leader, otherLeader, member };
}

const membership = (userId: string, organisationId: string) =>
  prisma.membership.findUnique({
    where: { userId_organisationId: { userId, organisationId } },
    select: { role: true, sharesRecord: true },
  });

describe("inviting", () => {
  it("an invitation is emailed after the response, with a single-use link whose token is stored only as a hash", async () => {
    const w = await school();
    const teacher = await createUser({ name: "Tara Teacher" });
    const result = await inviteStaffMember({
      leaderId: w.leader.id,
      organisationId: w.organisation.id,
      email: ` ${teacher.email.toUpperCase()} `,
      origin: ORIGIN,
    });
    expect(result).toEqual({ email: teacher.email });
    expect(outboxTo(teacher.email)).toHaveLength(0); // not yet: the email goes after the response
    const token = await latestToken(teacher.email);
    const [email] = outboxTo(teacher.email);
    expect(email!.subject).toBe("Join Riverside Academy on Pathways");
    expect(email!.text).toContain("Lena Leader has invited you to join Riverside Academy");
    const row = await prisma.organisationInvitation.findFirstOrThrow({ where: { email: teacher.email } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - row.sentAt.getTime()).toBe(INVITATION_LIFETIME_MS);
    // Nobody joined yet.
    expect(await membership(teacher.id, w.organisation.id)).toBeNull();
    const records = await getStaffRecords({ leaderId: w.leader.id, organisationId: w.organisation.id, origin: ORIGIN });
    expect(records!.invitations.map((i) => i.email)).toEqual([teacher.email]);

    const accepted = await acceptInvitation({ token, user: teacher });
    expect(accepted.organisation.name).toBe("Riverside Academy");
    expect(await membership(teacher.id, w.organisation.id)).toEqual({ role: "member", sharesRecord: false });
    // Used once: the same link does nothing the second time.
    await expect(acceptInvitation({ token, user: teacher })).rejects.toMatchObject({ status: 404 });
    expect(await listPendingInvitations({ leaderId: w.leader.id, organisationId: w.organisation.id })).toEqual([]);
  });

  it("inviting an address with or without an account does exactly the same thing", async () => {
    const w = await school();
    const teacher = await createUser();
    const nobody = uniqueEmail("nobody");
    const a = await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: teacher.email, origin: ORIGIN });
    const b = await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: nobody, origin: ORIGIN });
    expect(Object.keys(a!)).toEqual(Object.keys(b!));
    await settleAfterResponseTasks();
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    const [toTeacher] = outboxTo(teacher.email);
    const [toNobody] = outboxTo(nobody);
    const strip = (t: string) => t.replace(/\/invitations\/\S+/, "/invitations/TOKEN");
    expect(strip(toTeacher!.text)).toBe(strip(toNobody!.text));
  });

  it("only a leader of the organisation can invite, resend, cancel or list its invitations", async () => {
    const w = await school();
    const email = uniqueEmail();
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email, origin: ORIGIN });
    const [invitation] = await listPendingInvitations({ leaderId: w.leader.id, organisationId: w.organisation.id });
    for (const [who, leaderId, organisationId] of [
      ["another school's leader", w.otherLeader.id, w.organisation.id],
      ["another school's leader through their own school", w.otherLeader.id, w.other.id],
      ["a member of staff", w.member.id, w.organisation.id],
    ] as const) {
      // Inviting to A (their own school is theirs to invite to).
      expect(
        await inviteStaffMember({ leaderId, organisationId: w.organisation.id, email: uniqueEmail(), origin: ORIGIN }),
        who,
      ).toBeNull();
      await expect(resendInvitation({ leaderId, organisationId, invitationId: invitation!.id, origin: ORIGIN }), who).rejects.toMatchObject(
        {
          status: 404,
        },
      );
      await expect(cancelInvitation({ leaderId, organisationId, invitationId: invitation!.id }), who).rejects.toMatchObject({
        status: 404,
      });
      expect(await listPendingInvitations({ leaderId, organisationId }), who).toEqual([]);
    }
    expect(await prisma.organisationInvitation.count({ where: { organisationId: w.organisation.id } })).toBe(1);
    expect(await prisma.organisationInvitation.count({ where: { organisationId: w.other.id } })).toBe(0);
    expect((await prisma.organisationInvitation.findUniqueOrThrow({ where: { id: invitation!.id } })).status).toBe("pending");
  });

  it("resending gives a new link and the old one stops working; cancelling stops the link at once", async () => {
    const w = await school();
    const teacher = await createUser();
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: teacher.email, origin: ORIGIN });
    const first = await latestToken(teacher.email);
    const [invitation] = await listPendingInvitations({ leaderId: w.leader.id, organisationId: w.organisation.id });
    await resendInvitation({ leaderId: w.leader.id, organisationId: w.organisation.id, invitationId: invitation!.id, origin: ORIGIN });
    const second = await latestToken(teacher.email);
    expect(second).not.toBe(first);
    expect(await findOpenInvitation(first)).toBeNull();
    expect(await findOpenInvitation(second)).not.toBeNull();

    await cancelInvitation({ leaderId: w.leader.id, organisationId: w.organisation.id, invitationId: invitation!.id });
    expect(await findOpenInvitation(second)).toBeNull();
    await expect(acceptInvitation({ token: second, user: teacher })).rejects.toMatchObject({ status: 404 });
    expect(await membership(teacher.id, w.organisation.id)).toBeNull();
    // Cancelled twice: nothing left to cancel.
    await expect(
      cancelInvitation({ leaderId: w.leader.id, organisationId: w.organisation.id, invitationId: invitation!.id }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });

  it("an organisation can send a limited number of invitation emails a day", async () => {
    const w = await school();
    const now = new Date();
    await prisma.organisationInvitation.createMany({
      data: Array.from({ length: MAX_INVITATION_EMAILS_PER_DAY }, (_, i) => ({
        organisationId: w.organisation.id,
        email: `bulk-${i}@school.example`,
        tokenHash: hashToken(`bulk-${i}-${now.getTime()}`),
        expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
        sentAt: now,
      })),
    });
    await expect(
      inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: uniqueEmail(), origin: ORIGIN }),
    ).rejects.toMatchObject({
      status: 429,
    });
  });
});

describe("answering", () => {
  it("an expired link does nothing", async () => {
    const w = await school();
    const teacher = await createUser();
    const then = new Date(Date.now() - INVITATION_LIFETIME_MS - 1000);
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: teacher.email, origin: ORIGIN, now: then });
    const token = await latestToken(teacher.email);
    expect(await findOpenInvitation(token)).toBeNull();
    await expect(acceptInvitation({ token, user: teacher })).rejects.toMatchObject({ status: 404 });
    await expect(declineInvitation({ token, user: null })).rejects.toMatchObject({ status: 404 });
    expect(await membership(teacher.id, w.organisation.id)).toBeNull();
  });

  it("someone signed in as another address can neither accept nor decline", async () => {
    const w = await school();
    const teacher = await createUser();
    const intruder = await createUser({ name: "Ivo Intruder" });
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: teacher.email, origin: ORIGIN });
    const token = await latestToken(teacher.email);
    await expect(acceptInvitation({ token, user: intruder })).rejects.toMatchObject({ status: 403 });
    await expect(declineInvitation({ token, user: intruder })).rejects.toMatchObject({ status: 403 });
    expect(await membership(intruder.id, w.organisation.id)).toBeNull();
    // The invitation is still there for the right person.
    await acceptInvitation({ token, user: teacher });
    expect(await membership(teacher.id, w.organisation.id)).toEqual({ role: "member", sharesRecord: false });
  });

  it("declining uses the link up and joins nobody", async () => {
    const w = await school();
    const teacher = await createUser();
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: teacher.email, origin: ORIGIN });
    const token = await latestToken(teacher.email);
    await declineInvitation({ token, user: null });
    await expect(acceptInvitation({ token, user: teacher })).rejects.toMatchObject({ status: 404 });
    expect(await membership(teacher.id, w.organisation.id)).toBeNull();
  });

  it("someone already in the organisation keeps their role and consent when they accept", async () => {
    const w = await school();
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: w.leader.email, origin: ORIGIN });
    await acceptInvitation({ token: await latestToken(w.leader.email), user: w.leader });
    expect(await membership(w.leader.id, w.organisation.id)).toEqual({ role: "leader", sharesRecord: false });
  });

  it("a person without an account creates one for the invited address and joins as a member of staff", async () => {
    const w = await school();
    const email = uniqueEmail("newcomer");
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email, origin: ORIGIN });
    const token = await latestToken(email);
    const created = await createAccountAndAccept({
      token,
      name: "Nia Newcomer",
      password: "lighthouse tangerine 42",
      roleInSchool: "class-teacher",
    });
    expect(created.cookie).toMatch(/^pathways_session=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, name: true, organisationName: true, emailVerifiedAt: true },
    });
    expect(user).toMatchObject({ name: "Nia Newcomer", organisationName: "Riverside Academy" });
    expect(user.emailVerifiedAt).not.toBeNull(); // the link reached the address
    expect(await membership(user.id, w.organisation.id)).toEqual({ role: "member", sharesRecord: false });
    await expect(
      createAccountAndAccept({ token, name: "Again", password: "lighthouse tangerine 42", roleInSchool: "class-teacher" }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("creating an account for an address that has one is refused, and the invitation stays open", async () => {
    const w = await school();
    const teacher = await createUser({ name: "Tess Existing" });
    await inviteStaffMember({ leaderId: w.leader.id, organisationId: w.organisation.id, email: teacher.email, origin: ORIGIN });
    const token = await latestToken(teacher.email);
    await expect(
      createAccountAndAccept({ token, name: "Impostor", password: "lighthouse tangerine 42", roleInSchool: "other" }),
    ).rejects.toMatchObject({ status: 409 });
    expect((await prisma.user.findUniqueOrThrow({ where: { email: teacher.email } })).name).toBe("Tess Existing");
    expect(await findOpenInvitation(token)).not.toBeNull();
  });
});
