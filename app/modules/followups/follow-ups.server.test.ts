import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { publishFixtureModule } from "../../../tests/factories/courses.ts";
import { sentEmails } from "../../../tests/setup/mail.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { buildImpactReport } from "~/modules/impact/report.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { answerFollowUp, askClassroomFollowUps, declineFollowUp, pendingFollowUps } from "./follow-ups.server.ts";

/**
 * Classroom follow-ups (docs/decisions/0062) on this file's database (both in CI): who is asked and
 * when, once, with one reminder; declining; answers only by their owner; and the report's levels.
 */
const DAY = 86_400_000;
const MODULE = `follow-up-module-${crypto.randomBytes(3).toString("hex")}`;

async function teacher(prefix: string) {
  return prisma.user.create({
    data: {
      email: `${prefix}-${crypto.randomBytes(4).toString("hex")}@school.example`,
      name: prefix,
      passwordHash: "x",
      organisationName: "A School",
      organisationType: "primary-school",
      roleInSchool: "class-teacher",
    },
  });
}

async function completed(daysAgo: number, prefix = "teacher", now = Date.now()) {
  const user = await teacher(prefix);
  await prisma.enrolment.create({
    data: {
      userId: user.id,
      moduleId: MODULE,
      enrolledAt: new Date(now - (daysAgo + 10) * DAY),
      completedAt: new Date(now - daysAgo * DAY),
    },
  });
  return user;
}

describe("classroom follow-ups", () => {
  it("asks six weeks after a completion, once, reminds once a week later, and never asks those who said no", async () => {
    await publishFixtureModule({ id: MODULE, title: "Follow-up module", activities: [{ id: "read", type: "reading" }] });
    const due = await completed(43, "due");
    const early = await completed(30, "early");
    const declinedAll = await completed(43, "declined");
    await prisma.user.update({ where: { id: declinedAll.id }, data: { followUpsDeclinedAt: new Date() } });

    expect(await askClassroomFollowUps()).toBe(1);
    expect(await askClassroomFollowUps()).toBe(0);
    await runJobsUntilIdle();
    const mails = (to: string) => sentEmails().filter((m) => m.to === to);
    expect(mails(due.email).map((m) => m.subject)).toEqual(['Did "Follow-up module" change your classroom?']);
    expect(mails(due.email)[0]!.text).toMatch(/\/follow-up\/\w+/);
    expect(mails(early.email)).toEqual([]);
    expect(mails(declinedAll.email)).toEqual([]);
    expect(await pendingFollowUps(due.id)).toEqual([{ id: expect.any(String), title: "Follow-up module" }]);

    // A week later: one reminder, however often the job runs.
    const later = new Date(Date.now() + 8 * DAY);
    await askClassroomFollowUps({ now: later });
    await askClassroomFollowUps({ now: later });
    await runJobsUntilIdle();
    expect(mails(due.email).map((m) => m.subject)).toEqual([
      'Did "Follow-up module" change your classroom?',
      'Reminder: Did "Follow-up module" change your classroom?',
    ]);
  });

  it("takes answers and a 'no thanks' only from the person asked", async () => {
    const asked = await completed(44, "asked");
    const stranger = await teacher("stranger");
    await askClassroomFollowUps();
    const [followUp] = await pendingFollowUps(asked.id);
    const answer = {
      intent: "answer" as const,
      used: "yes" as const,
      learners: 28,
      girls: 13,
      keyStages: ["KS2" as const],
      changed: "Pair programming",
      wouldHelp: "",
    };
    expect(await answerFollowUp(stranger.id, followUp!.id, answer)).toBe(false);
    expect(await declineFollowUp(stranger.id, followUp!.id, { never: true })).toBe(false);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: stranger.id } })).followUpsDeclinedAt).toBeNull();
    expect(await answerFollowUp(asked.id, followUp!.id, answer)).toBe(true);
    expect(await prisma.classroomFollowUp.findUniqueOrThrow({ where: { id: followUp!.id } })).toMatchObject({
      used: "yes",
      learners: 28,
      girls: 13,
      keyStages: ",KS2,",
    });
    expect(await pendingFollowUps(asked.id)).toEqual([]);

    const other = await completed(45, "other");
    await askClassroomFollowUps();
    const [theirs] = await pendingFollowUps(other.id);
    expect(await declineFollowUp(other.id, theirs!.id, { never: true })).toBe(true);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).followUpsDeclinedAt).not.toBeNull();
  });

  it("gives the report's levels of impact from the answers, hiding sums from fewer than 5 teachers", async () => {
    const now = Date.parse("2016-06-30T12:00:00Z");
    const answers = [
      { used: "yes", learners: 30, girls: 14 },
      { used: "yes", learners: 28, girls: 15 },
      { used: "yes", learners: 25, girls: null },
      { used: "yes", learners: 31, girls: 16 },
      { used: "yes", learners: 27, girls: 12 },
      { used: "not-yet", learners: null, girls: null },
      { used: "no", learners: null, girls: null },
    ] as const;
    for (const a of answers) {
      const user = await completed(60, "level", now);
      await prisma.classroomFollowUp.create({
        data: {
          userId: user.id,
          subject: `module:${MODULE}`,
          title: "Follow-up module",
          askedAt: new Date(now - 10 * DAY),
          answeredAt: new Date(now),
          used: a.used,
          learners: a.learners,
          girls: a.girls,
        },
      });
    }
    const report = await buildImpactReport({ from: "2016-01-01", to: "2016-12-31" });
    const levels = report.tables.find((t) => t.id === "levels-of-impact")!.rows.map((r) => [r[1], r[2]]);
    expect(levels).toEqual([
      ["Ratings given (modules and live events)", 0],
      ["Educators who passed a module quiz", 0],
      ["Follow-ups answered", 7],
      // 2 have not: hidden, and so the 5 with it (or the 2 would be 7 − 5).
      ["… who have used it with learners", null],
      ["… who have not (yet)", null],
      ["Learners their teachers say they reached", 141],
      // Only 4 gave the number of girls: hidden.
      ["… of whom girls (where given)", null],
    ]);
  });
});
