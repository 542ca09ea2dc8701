import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { deleteAccount, exportPersonalData } from "~/modules/auth/personal-data.server.ts";
import { createDraft } from "~/modules/authoring/drafts.server.ts";
import { getAuthorDashboard } from "~/modules/authoring/author-dashboard.server.ts";
import { type Actor } from "~/modules/authoring/draft-access.server.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { describeAverage, RATING_COMMENT_MAX_LENGTH } from "./rating.ts";
import { getPublicRating, getRatingEligibility, getRatingSummaries, rateModule } from "./ratings.server.ts";

const uid = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString("hex")}`;

/** A published two-activity module and a learner enrolled in it. */
async function moduleWithLearner() {
  const moduleId = uid("rate");
  await publishFixtureModule({
    id: moduleId,
    activities: [
      { id: "one", type: "reading" },
      { id: "two", type: "reading" },
    ],
  });
  const user = await createUser();
  await enrol(user.id, moduleId);
  return { moduleId, user };
}

async function complete(userId: string, moduleId: string, activityIds = ["one", "two"]) {
  for (const activityId of activityIds) {
    await recordProgress({ userId, moduleId, activityId, clientId: crypto.randomUUID(), write: { intent: "complete" } });
  }
}

describe("module ratings", () => {
  it("only an enrolled learner who has completed the module may rate it", async () => {
    const { moduleId, user } = await moduleWithLearner();
    const stranger = await createUser();
    await expect(rateModule({ userId: stranger.id, moduleId, input: { score: 5, comment: "" } })).rejects.toMatchObject({ status: 403 });
    expect(await getRatingEligibility(stranger.id, moduleId)).toEqual({ eligible: false, reason: "not-enrolled" });

    await complete(user.id, moduleId, ["one"]); // half way is not enough
    await expect(rateModule({ userId: user.id, moduleId, input: { score: 5, comment: "" } })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("completed"),
    });
    await complete(user.id, moduleId, ["two"]);
    expect(await getRatingEligibility(user.id, moduleId)).toEqual({ eligible: true, versionNumber: 1 });
    expect(await rateModule({ userId: user.id, moduleId, input: { score: 5, comment: "Useful" } })).toMatchObject({
      score: 5,
      comment: "Useful",
      versionNumber: 1,
    });
    await expect(rateModule({ userId: user.id, moduleId: "no-such-module", input: { score: 5, comment: "" } })).rejects.toMatchObject({
      status: 403,
    });
    expect(await prisma.moduleRating.count({ where: { moduleId } })).toBe(1);
  });

  it("keeps one rating per learner per module: rating again updates it", async () => {
    const { moduleId, user } = await moduleWithLearner();
    await complete(user.id, moduleId);
    await rateModule({ userId: user.id, moduleId, input: { score: 2, comment: "Too long" } });
    await rateModule({ userId: user.id, moduleId, input: { score: 6, comment: "Better on a second look" } });
    const rows = await prisma.moduleRating.findMany({ where: { moduleId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 6, comment: "Better on a second look" });
  });

  it("refuses scores outside 1 to 6 and comments over the limit, writing nothing", async () => {
    const { moduleId, user } = await moduleWithLearner();
    await complete(user.id, moduleId);
    for (const score of [0, 7, -1, 3.5, Number.NaN]) {
      await expect(rateModule({ userId: user.id, moduleId, input: { score, comment: "" } })).rejects.toMatchObject({ status: 400 });
    }
    const long = "x".repeat(RATING_COMMENT_MAX_LENGTH + 1);
    await expect(rateModule({ userId: user.id, moduleId, input: { score: 4, comment: long } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("1000 characters"),
    });
    expect(await prisma.moduleRating.count({ where: { moduleId } })).toBe(0);
    const exactly = "y".repeat(RATING_COMMENT_MAX_LENGTH);
    expect(await rateModule({ userId: user.id, moduleId, input: { score: 1, comment: exactly } })).toMatchObject({ score: 1 });
    expect(await rateModule({ userId: user.id, moduleId, input: { score: 6, comment: "" } })).toMatchObject({ score: 6, comment: "" });
  });

  it("summarises averages and the 5 most recent comments, and the catalogue average only from 5 ratings", async () => {
    const moduleId = uid("summary");
    await publishFixtureModule({ id: moduleId, activities: [{ id: "one", type: "reading" }] });
    for (let i = 0; i < 6; i++) {
      const user = await createUser();
      await enrol(user.id, moduleId);
      await complete(user.id, moduleId, ["one"]);
      if (i === 4) expect(await getPublicRating(moduleId)).toBeNull(); // 4 ratings: too few to show
      await rateModule({ userId: user.id, moduleId, input: { score: i < 3 ? 6 : 3, comment: i === 5 ? "" : `Comment ${i}` } });
    }
    const summary = (await getRatingSummaries([moduleId])).get(moduleId)!;
    expect(summary.count).toBe(6);
    expect(summary.average).toBeCloseTo(4.5);
    expect(summary.recent.map((r) => r.comment)).toEqual(["Comment 4", "Comment 3", "Comment 2", "Comment 1", "Comment 0"]);
    expect(JSON.stringify(summary)).not.toMatch(/userId|email|name/);
    expect(await getPublicRating(moduleId)).toEqual({ average: 4.5, count: 6 });
    expect(describeAverage(4.8, 23)).toBe("4.8 out of 6 from 23 ratings");
    expect(describeAverage(6, 1)).toBe("6.0 out of 6 from 1 rating");
  });

  it("shows authors the feedback on their own modules only", async () => {
    const mine = await createUser({ roles: ["author"], name: "Mina Mine" });
    const other = await createUser({ roles: ["author"], name: "Otto Other" });
    const mineActor: Actor = { id: mine.id, name: "Mina Mine", roles: ["author"] };
    const otherActor: Actor = { id: other.id, name: "Otto Other", roles: ["author"] };
    const [mineId, otherId] = [uid("mine"), uid("other")];
    for (const [actor, moduleId] of [
      [mineActor, mineId],
      [otherActor, otherId],
    ] as const) {
      await createDraft(actor, {
        moduleId,
        details: {
          title: `Module ${moduleId}`,
          summary: "A summary for the test.",
          outcomes: ["Do a thing"],
          audience: ["primary-teachers"],
          keyStages: ["KS2"],
          topics: ["testing"],
          cpdHours: 1,
          prerequisites: [],
        },
      });
      // Ratings written directly: this test is about who sees them, not who may give them.
      await prisma.module.create({ data: { id: moduleId, source: "browser" } });
      const learner = await createUser();
      await prisma.moduleRating.create({
        data: { userId: learner.id, moduleId, versionNumber: 1, score: 5, comment: `Secret about ${moduleId}` },
      });
    }
    const dashboard = await getAuthorDashboard(mineActor);
    expect(dashboard.map((d) => d.moduleId)).toEqual([mineId]);
    expect(dashboard[0]!.ratings).toMatchObject({ average: 5, count: 1, recent: [{ comment: `Secret about ${mineId}` }] });
    expect(JSON.stringify(dashboard)).not.toContain(otherId);
  });

  it("includes ratings in the data export and deletes them with the account", async () => {
    const { moduleId, user } = await moduleWithLearner();
    await complete(user.id, moduleId);
    await rateModule({ userId: user.id, moduleId, input: { score: 4, comment: "My words <b>as typed</b>" } });
    const data = await exportPersonalData(user.id);
    expect(data.moduleRatings).toEqual([
      expect.objectContaining({ moduleId, score: 4, comment: "My words <b>as typed</b>", versionNumber: 1 }),
    ]);
    expect(await deleteAccount(user.id, user.password)).toEqual({ ok: true });
    expect(await prisma.moduleRating.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.moduleRating.count({ where: { moduleId } })).toBe(0);
  });
});
