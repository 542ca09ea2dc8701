/**
 * Invitations to an organisation, attacked at the routes as Remix calls them (issue 11: a leader
 * could add anyone, and the form told them whether an address had an account and its name).
 * Token guessing, reuse and expiry; accepting as another account; enumeration through the invite
 * form; another school's leader acting on this school's invitations and members. (Cross-site
 * posts are refused by the server's Origin check before any action runs: tests/e2e.)
 */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { addMember, createOrganisation } from "~/modules/organisations/organisations.server.ts";
import { INVITATION_LIFETIME_MS } from "~/modules/organisations/invitations.ts";
import { action as invitationAction, loader as invitationLoader } from "~/routes/invitations.$token.tsx";
import { action as staffAction, loader as staffLoader } from "~/routes/organisations.$id.tsx";
import { action as removeAction, loader as removeLoader } from "~/routes/organisations.$id_.members.$userId.remove.tsx";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { settleAfterResponseTasks } from "~/utils/after-response.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createUser, uniqueEmail } from "../factories/users.ts";
import { callRoute, type Handler } from "../factories/routes.ts";
import { latestEmailTo, linkIn } from "../setup/mail.ts";

const call = callRoute;

function tokenIn(to: string): string {
  return linkIn(latestEmailTo(to), /\/invitations\/[A-Za-z0-9_-]{43}/).slice("/invitations/".length);
}

async function world() {
  const school = await createOrganisation({ name: "Riverside Academy", type: "secondary-school" });
  const other = await createOrganisation({ name: "Hilltop Primary", type: "primary-school" });
  const [leader, otherLeader, member, teacher, intruder] = await Promise.all([
    createUser({ name: "Lena Leader" }),
    createUser({ name: "Omar Otherleader" }),
    createUser({ name: "Mo Member" }),
    createUser({ name: "Tara Secretname" }),
    createUser({ name: "Ivo Intruder" }),
  ]);
  await addMember({ organisationId: school.id, email: leader.email, role: "leader" });
  await addMember({ organisationId: school.id, email: member.email, role: "member" });
  await addMember({ organisationId: other.id, email: otherLeader.email, role: "leader" });
  return { school, other, leader, otherLeader, member, teacher, intruder };
}

async function invite(w: Awaited<ReturnType<typeof world>>, email: string) {
  const response = await call(staffAction as Handler, `/organisations/${w.school.id}`, { id: w.school.id }, w.leader.cookie, {
    intent: "invite",
    email,
  });
  await settleAfterResponseTasks();
  await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
  return response;
}

const isMember = async (userId: string, organisationId: string) =>
  (await prisma.membership.count({ where: { userId, organisationId } })) === 1;

describe("the invite form reveals nothing about accounts", () => {
  it("answers an address with an account and one without in the same words, with no name", async () => {
    const w = await world();
    const nobody = uniqueEmail("nobody");
    const withAccount = await invite(w, w.teacher.email);
    const without = await invite(w, nobody);
    expect(withAccount.status).toBe(200);
    expect(without.status).toBe(200);
    expect(withAccount.body.replace(w.teacher.email, "ADDRESS")).toBe(without.body.replace(nobody, "ADDRESS"));
    expect(withAccount.body).toContain(`Invitation sent to ${w.teacher.email}`);
    expect(withAccount.body).not.toContain("Tara Secretname");
    // And nobody joined: inviting is not adding.
    expect(await isMember(w.teacher.id, w.school.id)).toBe(false);
    const page = await call(staffLoader as Handler, `/organisations/${w.school.id}`, { id: w.school.id }, w.leader.cookie);
    expect(page.body).not.toContain("Tara Secretname");
  });

  it("a leader cannot make anyone a leader, nor add anyone directly", async () => {
    const w = await world();
    for (const form of [
      { intent: "invite", email: w.teacher.email, role: "leader" },
      { intent: "add-member", email: w.teacher.email },
      { intent: "remove-member", userId: w.member.id },
    ] as Record<string, string>[]) {
      const response = await call(staffAction as Handler, `/organisations/${w.school.id}`, { id: w.school.id }, w.leader.cookie, form);
      expect(response.status, form.intent).toBeGreaterThanOrEqual(400);
    }
    expect(await isMember(w.teacher.id, w.school.id)).toBe(false);
    expect(await isMember(w.member.id, w.school.id)).toBe(true);
  });
});

describe("invitation links", () => {
  it("a guessed, truncated or hash-shaped token opens nothing and accepts nothing", async () => {
    const w = await world();
    await invite(w, w.teacher.email);
    const real = tokenIn(w.teacher.email);
    const row = await prisma.organisationInvitation.findFirstOrThrow({ where: { email: w.teacher.email } });
    for (const token of [
      crypto.randomBytes(32).toString("base64url"),
      real.slice(0, 42),
      `${real}x`,
      real.toUpperCase() === real ? real.toLowerCase() : real.toUpperCase(),
      row.tokenHash, // the stored value is not a working link
      row.id,
      "%ZZ",
    ]) {
      const page = await call(invitationLoader as Handler, `/invitations/x`, { token }, w.teacher.cookie);
      expect(page.status, token).toBe(410);
      expect(page.body, token).not.toContain("Riverside Academy");
      const accept = await call(invitationAction as Handler, `/invitations/x`, { token }, w.teacher.cookie, { intent: "accept" });
      expect(accept.status, token).toBe(404);
    }
    expect(await isMember(w.teacher.id, w.school.id)).toBe(false);
  });

  it("a link works once", async () => {
    const w = await world();
    await invite(w, w.teacher.email);
    const token = tokenIn(w.teacher.email);
    const first = await call(invitationAction as Handler, `/invitations/${token}`, { token }, w.teacher.cookie, { intent: "accept" });
    expect(first.status).toBe(302);
    expect(await isMember(w.teacher.id, w.school.id)).toBe(true);
    await prisma.membership.deleteMany({ where: { userId: w.teacher.id, organisationId: w.school.id } }); // removed later
    const again = await call(invitationAction as Handler, `/invitations/${token}`, { token }, w.teacher.cookie, { intent: "accept" });
    expect(again.status).toBe(404);
    expect(await isMember(w.teacher.id, w.school.id)).toBe(false);
    const page = await call(invitationLoader as Handler, `/invitations/${token}`, { token });
    expect(page.status).toBe(410);
  });

  it("two accepts of one link at the same moment join once and answer once", async () => {
    const w = await world();
    const email = uniqueEmail("racer");
    await invite(w, email);
    const token = tokenIn(email);
    const form = { intent: "create-account", name: "Rae Racer", password: "lighthouse tangerine 42", roleInSchool: "class-teacher" };
    const results = await Promise.all(
      [1, 2, 3].map(() => call(invitationAction as Handler, `/invitations/${token}`, { token }, undefined, form)),
    );
    // One wins; the others find the link used (404) or the address taken (409).
    expect(results.filter((r) => r.status === 302)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 302)) expect([404, 409]).toContain(r.status);
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });

  it("an expired link opens nothing", async () => {
    const w = await world();
    await invite(w, w.teacher.email);
    const token = tokenIn(w.teacher.email);
    await prisma.organisationInvitation.updateMany({
      where: { email: w.teacher.email },
      data: { expiresAt: new Date(Date.now() - 1000), sentAt: new Date(Date.now() - INVITATION_LIFETIME_MS - 1000) },
    });
    expect((await call(invitationLoader as Handler, `/invitations/${token}`, { token }, w.teacher.cookie)).status).toBe(410);
    const accept = await call(invitationAction as Handler, `/invitations/${token}`, { token }, w.teacher.cookie, { intent: "accept" });
    expect(accept.status).toBe(404);
    expect(await isMember(w.teacher.id, w.school.id)).toBe(false);
  });

  it("someone signed in as another address is told to sign in as the invited one, and never joins", async () => {
    const w = await world();
    await invite(w, w.teacher.email);
    const token = tokenIn(w.teacher.email);
    const page = await call(invitationLoader as Handler, `/invitations/${token}`, { token }, w.intruder.cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain('"kind":"other"');
    for (const form of [
      { intent: "accept" },
      { intent: "decline" },
      { intent: "create-account", name: "Ivo", password: "lighthouse tangerine 42", roleInSchool: "other" },
    ] as Record<string, string>[]) {
      const response = await call(invitationAction as Handler, `/invitations/${token}`, { token }, w.intruder.cookie, form);
      expect(response.status, form.intent).toBe(403);
    }
    expect(await isMember(w.intruder.id, w.school.id)).toBe(false);
    // Still open for the invited person.
    const accept = await call(invitationAction as Handler, `/invitations/${token}`, { token }, w.teacher.cookie, { intent: "accept" });
    expect(accept.status).toBe(302);
  });

  it("an account cannot be created over an existing one through its invitation", async () => {
    const w = await world();
    await invite(w, w.teacher.email);
    const token = tokenIn(w.teacher.email);
    const response = await call(invitationAction as Handler, `/invitations/${token}`, { token }, undefined, {
      intent: "create-account",
      name: "Impostor",
      password: "lighthouse tangerine 42",
      roleInSchool: "other",
    });
    expect(response.status).toBe(409);
    expect((await prisma.user.findUniqueOrThrow({ where: { email: w.teacher.email } })).name).toBe("Tara Secretname");
  });
});

describe("another school's leader", () => {
  it("cannot see, resend or cancel this school's invitations, nor remove its members", async () => {
    const w = await world();
    await invite(w, w.teacher.email);
    const invitation = await prisma.organisationInvitation.findFirstOrThrow({ where: { email: w.teacher.email } });
    const before = invitation.tokenHash;
    for (const organisationId of [w.school.id, w.other.id]) {
      for (const intent of ["resend-invitation", "cancel-invitation"]) {
        const response = await call(
          staffAction as Handler,
          `/organisations/${organisationId}`,
          { id: organisationId },
          w.otherLeader.cookie,
          {
            intent,
            invitationId: invitation.id,
          },
        );
        expect(response.status, `${intent} via ${organisationId === w.school.id ? "this" : "their own"} school`).toBe(404);
      }
      const params = { id: organisationId, userId: w.member.id };
      const url = `/organisations/${organisationId}/members/${w.member.id}/remove`;
      expect((await call(removeLoader as Handler, url, params, w.otherLeader.cookie)).status).toBe(404);
      expect((await call(removeAction as Handler, url, params, w.otherLeader.cookie, { intent: "remove-member" })).status).toBe(404);
    }
    const page = await call(staffLoader as Handler, `/organisations/${w.school.id}`, { id: w.school.id }, w.otherLeader.cookie);
    expect(page.status).toBe(404);
    expect(page.body).not.toContain(w.teacher.email);
    const after = await prisma.organisationInvitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(after).toMatchObject({ status: "pending", tokenHash: before });
    expect(await isMember(w.member.id, w.school.id)).toBe(true);
  });

  it("a member of staff and anonymous visitors cannot act on the school either", async () => {
    const w = await world();
    await invite(w, w.teacher.email);
    const invitation = await prisma.organisationInvitation.findFirstOrThrow({ where: { email: w.teacher.email } });
    const url = `/organisations/${w.school.id}`;
    for (const [who, cookie, status] of [
      ["a member", w.member.cookie, 404],
      ["anonymous", undefined, 302],
    ] as const) {
      for (const form of [
        { intent: "invite", email: uniqueEmail() },
        { intent: "resend-invitation", invitationId: invitation.id },
        { intent: "cancel-invitation", invitationId: invitation.id },
      ] as Record<string, string>[]) {
        expect((await call(staffAction as Handler, url, { id: w.school.id }, cookie, form)).status, `${who} ${form.intent}`).toBe(status);
      }
      const params = { id: w.school.id, userId: w.member.id };
      const removeUrl = `${url}/members/${w.member.id}/remove`;
      expect((await call(removeAction as Handler, removeUrl, params, cookie, { intent: "remove-member" })).status, who).toBe(status);
    }
    expect(await prisma.organisationInvitation.count({ where: { organisationId: w.school.id } })).toBe(1);
    expect(await isMember(w.member.id, w.school.id)).toBe(true);
  });
});
