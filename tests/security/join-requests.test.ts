/**
 * Requests to join an organisation (ADR 0036), attacked at the routes as Remix calls them: a
 * teacher asking to join an organisation they did not name, or twice after being declined; another
 * school's leader, a plain member of staff or the asker themselves deciding a request; a request id
 * taken from one school and decided through another school's page. Every refusal leaves no
 * membership behind and says nothing about other schools' requests.
 */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestToJoin } from "~/modules/organisations/join-requests.server.ts";
import { addMember, createOrganisation } from "~/modules/organisations/organisations.server.ts";
import { action as ownAction } from "~/routes/organisations._index.tsx";
import { action as staffAction, loader as staffLoader } from "~/routes/organisations.$id.tsx";
import { prisma } from "~/utils/db.server.ts";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";

async function world() {
  const id = crypto.randomBytes(3).toString("hex");
  const school = await createOrganisation({ name: `Brookfield High ${id}`, type: "secondary-school" });
  const other = await createOrganisation({ name: `Hilltop Primary ${id}`, type: "primary-school" });
  const [leader, otherLeader, member, teacher] = await Promise.all([
    createUser({ name: "Lena Leader" }),
    createUser({ name: "Omar Otherleader" }),
    createUser({ name: "Mo Member" }),
    createUser({ name: "Tara Secretname", organisationName: school.name, organisationType: "secondary-school" }),
  ]);
  await addMember({ organisationId: school.id, email: leader.email, role: "leader" });
  await addMember({ organisationId: school.id, email: member.email, role: "member" });
  await addMember({ organisationId: other.id, email: otherLeader.email, role: "leader" });
  await requestToJoin({ userId: teacher.id, organisationId: school.id });
  const request = await prisma.organisationJoinRequest.findFirstOrThrow({ where: { userId: teacher.id }, select: { id: true } });
  return { school, other, leader, otherLeader, member, teacher, requestId: request.id };
}

const membership = (userId: string, organisationId: string) =>
  prisma.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });

const decide = (organisationId: string, cookie: string, intent: "approve-join" | "decline-join", requestId: string) =>
  callRoute(staffAction as Handler, `/organisations/${organisationId}`, { id: organisationId }, cookie, { intent, requestId });

describe("deciding a request to join", () => {
  it("nobody but a leader of that school can approve or decline it, through any school's page", async () => {
    const w = await world();
    const attempts = [
      { who: "another school's leader, on the request's school page", org: w.school.id, cookie: w.otherLeader.cookie },
      { who: "another school's leader, on their own school's page", org: w.other.id, cookie: w.otherLeader.cookie },
      { who: "a member of staff of the school", org: w.school.id, cookie: w.member.cookie },
      { who: "the teacher who asked", org: w.school.id, cookie: w.teacher.cookie },
      { who: "the school's own leader, through another school's page", org: w.other.id, cookie: w.leader.cookie },
    ];
    for (const attempt of attempts) {
      for (const intent of ["approve-join", "decline-join"] as const) {
        const response = await decide(attempt.org, attempt.cookie, intent, w.requestId);
        expect(response.status, `${attempt.who}: ${intent}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${attempt.who}: ${intent}`).toBeLessThan(500);
        expect(response.body, attempt.who).not.toContain("Tara Secretname");
      }
    }
    expect(await membership(w.teacher.id, w.school.id)).toBeNull();
    expect(await membership(w.teacher.id, w.other.id)).toBeNull();
    expect((await prisma.organisationJoinRequest.findUniqueOrThrow({ where: { id: w.requestId } })).status).toBe("pending");

    // Another school's leader does not see the request listed on their own page.
    const page = await callRoute(staffLoader as Handler, `/organisations/${w.other.id}`, { id: w.other.id }, w.otherLeader.cookie);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain("Tara Secretname");

    // The school's own leader can, once; a second decision on the same request is refused.
    expect((await decide(w.school.id, w.leader.cookie, "approve-join", w.requestId)).status).toBe(200);
    expect(await membership(w.teacher.id, w.school.id)).toMatchObject({ role: "member", sharesRecord: false });
    expect((await decide(w.school.id, w.leader.cookie, "decline-join", w.requestId)).status).toBe(404);
    expect(await membership(w.teacher.id, w.school.id)).toMatchObject({ role: "member" });
  });
});

describe("asking to join", () => {
  it("only the organisation the teacher named, and not again once declined", async () => {
    const w = await world();
    const ask = (cookie: string, organisationId: string) =>
      callRoute(ownAction as Handler, "/organisations", {}, cookie, { intent: "ask-to-join", organisationId });

    // A school the teacher did not name (another school's id sent by hand) is refused, and no request is made.
    const elsewhere = await ask(w.teacher.cookie, w.other.id);
    expect(elsewhere.status).toBe(404);
    expect(await prisma.organisationJoinRequest.count({ where: { userId: w.teacher.id, organisationId: w.other.id } })).toBe(0);

    // Declined: asking again is refused, and the request stays declined.
    expect((await decide(w.school.id, w.leader.cookie, "decline-join", w.requestId)).status).toBe(200);
    const again = await ask(w.teacher.cookie, w.school.id);
    expect(again.status).toBe(409);
    expect((await prisma.organisationJoinRequest.findUniqueOrThrow({ where: { id: w.requestId } })).status).toBe("declined");
    expect(await membership(w.teacher.id, w.school.id)).toBeNull();
  });
});
