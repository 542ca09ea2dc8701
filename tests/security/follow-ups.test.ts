/**
 * A classroom follow-up (docs/decisions/0062) is seen and answered only by the person it was made
 * for: anyone else gets 404 for GET and POST and changes nothing; bad numbers get a message.
 */
import { describe, expect, it } from "vitest";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import * as route from "~/routes/follow-up.$id.tsx";
import { prisma } from "~/utils/db.server.ts";

const loader = route.loader as Handler;
const action = route.action as Handler;

describe("classroom follow-ups", () => {
  it("are private to their teacher, for reading, answering and declining", async () => {
    const owner = await createUser();
    const followUp = await prisma.classroomFollowUp.create({ data: { userId: owner.id, subject: "module:x", title: "A module" } });
    const url = `/follow-up/${followUp.id}`;
    const params = { id: followUp.id };
    for (const { cookie } of [await createUser(), await createUser({ roles: ["admin"] }), await createUser({ roles: ["funder"] })]) {
      expect((await callRoute(loader, url, params, cookie)).status).toBe(404);
      expect((await callRoute(action, url, params, cookie, { intent: "answer", used: "yes", learners: "30" })).status).toBe(404);
      expect((await callRoute(action, url, params, cookie, { intent: "decline", never: "on" })).status).toBe(404);
    }
    expect([302, 303]).toContain((await callRoute(action, url, params, undefined, { intent: "answer", used: "yes" })).status);
    expect(await prisma.classroomFollowUp.findUniqueOrThrow({ where: { id: followUp.id } })).toMatchObject({
      answeredAt: null,
      declinedAt: null,
    });

    const bad = await callRoute(action, url, params, owner.cookie, { intent: "answer", used: "yes", learners: "30", girls: "31" });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("The number of girls cannot be more than the number of learners.");
    const negative = await callRoute(action, url, params, owner.cookie, { intent: "answer", used: "yes", learners: "-3" });
    expect(negative.status).toBe(400);
    expect(
      (await callRoute(action, url, params, owner.cookie, { intent: "answer", used: "yes", learners: "30", girls: "14" })).status,
    ).toBe(302);
    expect(await prisma.classroomFollowUp.findUniqueOrThrow({ where: { id: followUp.id } })).toMatchObject({ learners: 30, girls: 14 });
  });
});
