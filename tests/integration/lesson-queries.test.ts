import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createUser, requestWithCookie } from "../factories/users.ts";
import { loader as rootLoader } from "~/root.tsx";
import { prisma } from "~/utils/db.server.ts";
import { loader } from "~/routes/courses.$moduleId.learn.$activityId.tsx";

/** A lesson page makes a small, fixed number of queries, however long the module is (no N+1). */
async function countQueries(run: () => Promise<unknown>) {
  let count = 0;
  const listener = (e: { query: string }) => {
    count++;
    if (process.env.SHOW_QUERIES) console.log(e.query.slice(0, 160));
  };
  prisma.$on("query", listener);
  await run();
  // Prisma has no "off": ignore later events by swapping the counter out.
  const result = count;
  count = Number.NaN;
  return result;
}

async function lessonQueries(activityCount: number, activityId: string) {
  const id = `q-${crypto.randomBytes(4).toString("hex")}`;
  const activities = Array.from({ length: activityCount }, (_, i) =>
    i === 1
      ? { id: "the-quiz", type: "quiz" as const }
      : i === 2
        ? { id: "the-exercise", type: "code" as const }
        : { id: `read-${i}`, type: "reading" as const },
  );
  await publishFixtureModule({ id, activities });
  const user = await createUser();
  await enrol(user.id, id);
  const url = `http://localhost/courses/${id}/learn/${activityId}`;
  const args = {
    request: requestWithCookie(user.cookie, url),
    params: { moduleId: id, activityId },
    context: { cspNonce: "n", clientIp: "127.0.0.1" },
  };
  return countQueries(async () => {
    await Promise.all([rootLoader(args), loader(args)]);
  });
}

describe("lesson page queries", () => {
  it("does not grow with the size of the module", async () => {
    const small = await lessonQueries(3, "read-0");
    const large = await lessonQueries(40, "read-0");
    expect(large).toBe(small);
    // session, user, roles, enrolment, module, version, outline, progress, activity body (SHOW_QUERIES=1 lists them)
    expect(small).toBeLessThanOrEqual(10);
    const quiz = await lessonQueries(40, "the-quiz");
    expect(quiz).toBeLessThanOrEqual(small + 2);
    // A code exercise adds the learner's draft and last run, whatever the size of the module.
    const exercise = await lessonQueries(40, "the-exercise");
    expect(exercise).toBe(await lessonQueries(3, "the-exercise"));
    expect(exercise).toBeLessThanOrEqual(small + 2);
  });
});
