import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createUser } from "../factories/users.ts";
import { action } from "~/routes/api.progress.ts";
import { createUserSession } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";

/** Issue 11, item 9: a write queued on a device by one account is never recorded for another. */

async function post(cookie: string, body: unknown) {
  const request = new Request("http://localhost/api/progress", {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie.split(";")[0]! },
    body: JSON.stringify(body),
  });
  return action({ request, params: {}, context: { cspNonce: "", clientIp: "127.0.0.1" } });
}

describe("the progress API and the account that queued a write", () => {
  it("refuses a write made by another account (409 other-account) and records it for its own", async () => {
    const moduleId = `queue-account-${crypto.randomBytes(3).toString("hex")}`;
    await publishFixtureModule({ id: moduleId, activities: [{ id: "read-1", type: "reading" }] });
    const [first, second] = [await createUser({ name: "First Learner" }), await createUser({ name: "Second Learner" })];
    await enrol(first.id, moduleId);
    await enrol(second.id, moduleId);
    const write = { moduleId, activityId: "read-1", intent: "complete", clientId: crypto.randomUUID(), userId: first.id };

    const refused = await post(await createUserSession(second.id), write);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "other-account" });
    expect(await prisma.activityProgress.count({ where: { userId: second.id } })).toBe(0);

    const accepted = await post(await createUserSession(first.id), write);
    expect(accepted.status).toBe(200);
    expect(await prisma.activityProgress.count({ where: { userId: first.id, completedAt: { not: null } } })).toBe(1);
  });
});
