import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoAccounts } from "~/modules/auth/demo-accounts.server.ts";
import { publishCourses } from "~/modules/catalog/publish.server.ts";
import { evaluationFiles } from "~/modules/evaluations/export.server.ts";
import { buildImpactReport } from "~/modules/impact/report.server.ts";
import type { ImpactReport } from "~/modules/impact/impact.ts";
import { prisma } from "~/utils/db.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";
import { DEMO_LOCAL_AUTHORITY, DEMO_MODULES, DEMO_SCHOOLS, seedDemoActivity } from "./demo-activity.server.ts";

/**
 * The demo's year of fictional activity (issue 16's "the demo data yields a report"): seeded once
 * into this file's database, the impact report for the demo's local authority is checked figure by
 * figure against the raw rows, counted here with plain queries rather than the report's code.
 */
const now = new Date();
const from = londonIsoDate(new Date(now.getTime() - 364 * 86_400_000));
const to = londonIsoDate(now);
let report: ImpactReport;
let teacherIds: string[] = [];
const small = (n: number) => (n > 0 && n < 5 ? null : n);

beforeAll(async () => {
  await publishCourses(path.join(process.cwd(), "courses"));
  await seedDemoAccounts();
  expect(await seedDemoActivity(now)).toBe(true);
  teacherIds = (await prisma.user.findMany({ where: { email: { startsWith: "demo-teacher-" } }, select: { id: true } })).map((u) => u.id);
  report = await buildImpactReport({ from, to, localAuthority: DEMO_LOCAL_AUTHORITY });
}, 120_000);

const table = (id: string) => report.tables.find((t) => t.id === id)!;
const headline = (label: string) => report.headlines.find((h) => h.label === label)!.value;

describe("the demo's activity", () => {
  it("is made once, with every person and school marked as fictional", async () => {
    expect(await seedDemoActivity(now)).toBe(false);
    expect(teacherIds).toHaveLength(36);
    const people = await prisma.user.findMany({ where: { id: { in: teacherIds } }, select: { name: true } });
    expect(people.every((p) => p.name.endsWith("(fictional)"))).toBe(true);
    const schools = await prisma.school.findMany({ where: { laName: DEMO_LOCAL_AUTHORITY }, select: { name: true } });
    expect(schools).toHaveLength(DEMO_SCHOOLS.length);
    expect(schools.every((s) => s.name.endsWith("(fictional)"))).toBe(true);
  });

  it("gives the report's educators, organisations and events, as the raw rows say", async () => {
    const period = { gte: new Date(`${from}T00:00:00Z`), lt: new Date(now.getTime() + 86_400_000) };
    const online = new Set(
      (
        await prisma.enrolment.findMany({
          where: { userId: { in: teacherIds }, OR: [{ enrolledAt: period }, { completedAt: period }] },
          select: { userId: true },
        })
      ).map((e) => e.userId),
    );
    const live = new Set(
      (
        await prisma.eventAttendance.findMany({
          where: { status: { not: "absent" }, booking: { userId: { in: teacherIds } } },
          select: { booking: { select: { userId: true } } },
        })
      ).map((a) => a.booking.userId),
    );
    const everyone = new Set([...online, ...live]);
    expect(headline("Educators reached")).toBe(everyone.size);
    const both = [...online].filter((id) => live.has(id)).length;
    const rows = Object.fromEntries(table("educators-by-activity").rows.map((r) => [r[0], r[1]]));
    expect(rows.Total).toBe(everyone.size);
    expect(rows.Both).toBe(small(both));
    // Organisations: by the canonical URN of each person's school, so Westbrook counts once.
    const memberships = await prisma.membership.findMany({
      where: { userId: { in: [...everyone] } },
      select: { organisation: { select: { urn: true } } },
    });
    const canonical = new Map(
      (await prisma.school.findMany({ where: { laName: DEMO_LOCAL_AUTHORITY } })).map((s) => [s.urn, s.canonicalUrn] as const),
    );
    const organisations = new Set(memberships.map((m) => canonical.get(m.organisation.urn!)));
    expect(organisations.size).toBe(9); // ten schools, one of them the academy its predecessor became
    expect(headline("Organisations reached")).toBe(organisations.size);
    expect(headline("Live events run")).toBe(3);
    // Four primaries and five secondaries (Westbrook once): under 5 is hidden, and so is what would give it away.
    expect(table("schools-by-region-and-phase")).toMatchObject({
      header: ["Region", "Primary", "Secondary", "Total"],
      rows: [
        ["North West", null, null, 9],
        ["All regions", null, null, 9],
      ],
    });
  });

  it("gives each module's enrolments, completions and ratings, as the raw rows say", async () => {
    for (const moduleId of DEMO_MODULES) {
      const title = (
        await prisma.module.findUniqueOrThrow({ where: { id: moduleId }, select: { currentVersion: { select: { title: true } } } })
      ).currentVersion!.title;
      const enrolments = await prisma.enrolment.count({ where: { userId: { in: teacherIds }, moduleId } });
      const completions = await prisma.enrolment.count({ where: { userId: { in: teacherIds }, moduleId, completedAt: { not: null } } });
      expect(table("modules").rows.find((r) => r[0] === title)).toEqual([title, small(enrolments), small(completions)]);
      const scores = (await prisma.moduleRating.findMany({ where: { userId: { in: teacherIds }, moduleId }, select: { score: true } })).map(
        (r) => r.score,
      );
      const row = table("module-ratings").rows.find((r) => r[0] === title)!;
      if (scores.length >= 5) {
        expect(row[1]).toBe(scores.length);
        expect(row[2]).toBe((scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(2));
      } else expect(row[1]).toBeNull();
    }
  });

  it("gives each event's feedback out of 6 and the follow-ups answered, as the raw rows say", async () => {
    const feedback = await prisma.eventFeedback.findMany({ where: { booking: { userId: { in: teacherIds } } }, select: { score: true } });
    const all = table("live-event-ratings").rows.find((r) => r[0] === "All events")!;
    expect(all[1]).toBe(feedback.length);
    expect(all[2]).toBe((feedback.reduce((a, f) => a + f.score, 0) / feedback.length).toFixed(2));
    const answered = await prisma.classroomFollowUp.count({ where: { userId: { in: teacherIds }, answeredAt: { not: null } } });
    expect(table("levels-of-impact").rows.find((r) => r[1] === "Follow-ups answered")![2]).toBe(small(answered));
    expect(report.quotes.length).toBeGreaterThan(0);
  });

  it("has a locked evaluation the demo evaluator can export", async () => {
    const evaluation = await prisma.evaluation.findFirstOrThrow({ where: { name: { contains: "(demo)" } } });
    expect(evaluation.lockedAt).not.toBeNull();
    const { rows, armCounts } = await evaluationFiles(evaluation.id);
    expect(armCounts).toMatchObject({ treatment: 5, control: 4 });
    expect(rows["teachers.csv"]).toBe(36);
  });
});
