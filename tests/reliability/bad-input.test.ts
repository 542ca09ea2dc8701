import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { action as progressAction } from "~/routes/api.progress.ts";
import { loader as adminUsersLoader } from "~/routes/admin.users.tsx";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createUser } from "../factories/users.ts";

/** Issue 11, "500s and bad input": the causes found by attacking Pathways answer 4xx with a message. */
const context = { cspNonce: "n", clientIp: "127.0.0.1" };

async function outcome(run: () => Promise<unknown>): Promise<Response> {
  try {
    const value = await run();
    if (value instanceof Response) return value;
    throw new Error("expected a Response");
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("bad input answers 4xx", () => {
  it("a reflection holding a lone surrogate is refused with 400 and a message (not a database error)", async () => {
    const moduleId = `bad-input-${crypto.randomBytes(3).toString("hex")}`;
    await publishFixtureModule({ id: moduleId, activities: [{ id: "think", type: "reflection" }] });
    const learner = await createUser();
    await enrol(learner.id, moduleId);
    const body = JSON.stringify({ moduleId, activityId: "think", clientId: "abcdefgh-1234", intent: "reflection", text: "I think \ud800" });
    const request = new Request("http://localhost/api/progress", {
      method: "POST",
      body,
      headers: { Cookie: learner.cookie.split(";")[0]!, "Content-Type": "application/json" },
    });
    const response = await outcome(() => progressAction({ request, params: {}, context }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/cannot be saved/);
    // A well-formed reflection (with a real astral character) is saved.
    const ok = new Request("http://localhost/api/progress", {
      method: "POST",
      body: JSON.stringify({ moduleId, activityId: "think", clientId: "abcdefgh-5678", intent: "reflection", text: "I think 🙂" }),
      headers: { Cookie: learner.cookie.split(";")[0]!, "Content-Type": "application/json" },
    });
    expect((await outcome(() => progressAction({ request: ok, params: {}, context }))).status).toBe(200);
  });

  it("an admin's user search over 100 characters is a 400 with a message, not an uncaught ZodError", async () => {
    const admin = await createUser({ roles: ["admin"] });
    const request = new Request(`http://localhost/admin/users?q=${"a".repeat(101)}`, { headers: { Cookie: admin.cookie.split(";")[0]! } });
    const response = await outcome(() => adminUsersLoader({ request, params: {}, context }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/at most 100 characters/);
  });

  it("a form action sent JSON instead of a form is a 400, not a TypeError", async () => {
    const { action } = await import("~/routes/sign-in.tsx");
    const request = new Request("http://localhost/sign-in", {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    const response = await outcome(() => action({ request, params: {}, context }));
    expect(response.status).toBe(400);
  });
});
