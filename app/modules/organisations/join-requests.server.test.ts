import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createUser } from "../../../tests/factories/users.ts";
import { prisma } from "~/utils/db.server.ts";
import { decideJoinRequest, findJoinableOrganisation, listJoinRequests, requestToJoin } from "./join-requests.server.ts";
import { addMember, createOrganisation } from "./organisations.server.ts";

async function world() {
  const id = crypto.randomBytes(3).toString("hex");
  const school = await createOrganisation({ name: `Riverside Academy ${id}`, type: "secondary-school" });
  const other = await createOrganisation({ name: "Hilltop Primary", type: "primary-school" });
  const [leader, otherLeader, teacher, stranger] = await Promise.all([
    createUser({ name: "Lena Leader" }),
    createUser({ name: "Omar Otherleader" }),
    createUser({
      name: "Tara Teacher",
      organisationName: `  riverside   ACADEMY ${id.toUpperCase()} `,
      organisationType: "secondary-school",
    }),
    createUser({ name: "Sam Stranger", organisationName: "Somewhere Else", organisationType: "secondary-school" }),
  ]);
  await addMember({ organisationId: school.id, email: leader.email, role: "leader" });
  await addMember({ organisationId: other.id, email: otherLeader.email, role: "leader" });
  return { school, other, leader, otherLeader, teacher, stranger };
}

const isMember = async (userId: string, organisationId: string) =>
  prisma.membership.findUnique({
    where: { userId_organisationId: { userId, organisationId } },
    select: { role: true, sharesRecord: true },
  });

describe("requests to join the organisation named at sign-up", () => {
  it("a teacher asks to join the matching organisation, and its leader approves: a member of staff sharing nothing", async () => {
    const w = await world();
    expect(await findJoinableOrganisation(w.teacher.id)).toEqual({ id: w.school.id, name: w.school.name, request: null });
    expect(await findJoinableOrganisation(w.stranger.id)).toBeNull();
    await requestToJoin({ userId: w.teacher.id, organisationId: w.school.id });
    await requestToJoin({ userId: w.teacher.id, organisationId: w.school.id }); // asking twice is one request
    expect((await findJoinableOrganisation(w.teacher.id))?.request).toBe("pending");
    const requests = await listJoinRequests({ leaderId: w.leader.id, organisationId: w.school.id });
    expect(requests.map((r) => r.user.name)).toEqual(["Tara Teacher"]);
    expect(await isMember(w.teacher.id, w.school.id)).toBeNull();

    await decideJoinRequest({ leaderId: w.leader.id, organisationId: w.school.id, requestId: requests[0]!.id, approve: true });
    expect(await isMember(w.teacher.id, w.school.id)).toEqual({ role: "member", sharesRecord: false });
    expect(await listJoinRequests({ leaderId: w.leader.id, organisationId: w.school.id })).toEqual([]);
    expect(await findJoinableOrganisation(w.teacher.id)).toBeNull(); // a member now
  });

  it("nobody can ask to join an organisation they did not name", async () => {
    const w = await world();
    await expect(requestToJoin({ userId: w.stranger.id, organisationId: w.school.id })).rejects.toMatchObject({ status: 404 });
    await expect(requestToJoin({ userId: w.teacher.id, organisationId: w.other.id })).rejects.toMatchObject({ status: 404 });
    expect(await prisma.organisationJoinRequest.count({ where: { organisationId: { in: [w.school.id, w.other.id] } } })).toBe(0);
  });

  it("only a leader of that organisation sees and decides its requests; a declined request stays declined", async () => {
    const w = await world();
    await requestToJoin({ userId: w.teacher.id, organisationId: w.school.id });
    const [request] = await listJoinRequests({ leaderId: w.leader.id, organisationId: w.school.id });
    for (const [who, leaderId, organisationId] of [
      ["another school's leader", w.otherLeader.id, w.school.id],
      ["another school's leader through their own school", w.otherLeader.id, w.other.id],
      ["the teacher", w.teacher.id, w.school.id],
    ] as const) {
      expect(await listJoinRequests({ leaderId, organisationId }), who).toEqual([]);
      await expect(decideJoinRequest({ leaderId, organisationId, requestId: request!.id, approve: true }), who).rejects.toMatchObject({
        status: 404,
      });
    }
    expect(await isMember(w.teacher.id, w.school.id)).toBeNull();
    await decideJoinRequest({ leaderId: w.leader.id, organisationId: w.school.id, requestId: request!.id, approve: false });
    expect(await isMember(w.teacher.id, w.school.id)).toBeNull();
    await expect(
      decideJoinRequest({ leaderId: w.leader.id, organisationId: w.school.id, requestId: request!.id, approve: true }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(requestToJoin({ userId: w.teacher.id, organisationId: w.school.id })).rejects.toMatchObject({ status: 409 });
    expect(await isMember(w.teacher.id, w.school.id)).toBeNull();
  });
});
