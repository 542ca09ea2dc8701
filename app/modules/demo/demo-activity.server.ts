/**
 * A year of fictional activity for the demo (`npm run dev` only), so the impact report and the
 * evaluations have something to show: ten fictional schools in a fictional local authority (one
 * converted to an academy under a new URN, so it counts once), 36 fictional teachers, enrolments,
 * completions and ratings on the three modules, three past live events with attendance and
 * feedback out of 6, classroom follow-ups, and a locked evaluation. Every person and school is
 * marked as fictional. Created once: nothing happens if the first demo school exists already.
 * Dates are relative to `now`, so the demo never goes stale.
 */
import crypto from "node:crypto";
import { stringify } from "yaml";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { loadEventSource } from "~/modules/events/load-events.server.ts";
import { publishEvent } from "~/modules/events/publish-events.server.ts";
import { applyEvaluationAction, createEvaluation } from "~/modules/evaluations/evaluations.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";

export const DEMO_LOCAL_AUTHORITY = "Brookfield (fictional)";
export const DEMO_REGION = "North West";
export const DEMO_MODULES = ["code-like-a-pro-scratch", "programming-pedagogy", "unconscious-bias-toolkit"];

/** Fictional schools: URNs far above any real school's; Westbrook High (closed) became Westbrook Academy. */
export const DEMO_SCHOOLS = [
  { urn: 990501, name: "Brookfield Park Primary School (fictional)", phase: "Primary", status: "Open" },
  { urn: 990502, name: "St Aidan's C of E Primary School (fictional)", phase: "Primary", status: "Open" },
  { urn: 990503, name: "Millbrook Junior School (fictional)", phase: "Primary", status: "Open" },
  { urn: 990504, name: "Hollins Green Primary Academy (fictional)", phase: "Primary", status: "Open" },
  { urn: 990505, name: "Brookfield High School (fictional)", phase: "Secondary", status: "Open" },
  { urn: 990506, name: "Canal Side Academy (fictional)", phase: "Secondary", status: "Open" },
  { urn: 990507, name: "Moorside School (fictional)", phase: "Secondary", status: "Open" },
  { urn: 990508, name: "Ashton Vale School (fictional)", phase: "Secondary", status: "Open" },
  { urn: 990509, name: "Westbrook High School (fictional)", phase: "Secondary", status: "Closed" },
  { urn: 990510, name: "Westbrook Academy (fictional)", phase: "Secondary", status: "Open" },
] as const;
const CONVERTED = { from: 990509, to: 990510 };
/** Where the 36 teachers work: no one at the closed school itself, four at its academy. */
const STAFF_AT = [
  990501, 990501, 990501, 990502, 990502, 990502, 990503, 990503, 990503, 990504, 990504, 990504, 990505, 990505, 990505, 990505, 990505,
  990506, 990506, 990506, 990506, 990507, 990507, 990507, 990507, 990508, 990508, 990508, 990508, 990510, 990510, 990510, 990510, 990505,
  990506, 990507,
];

const FIRST = ["Alex", "Sam", "Jordan", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace"];
const LAST = ["Example", "Sample", "Placeholder"];

/** Teacher n's email address (fictional): demo-teacher-01@pathways.test… */
export const demoTeacherEmail = (n: number) => `demo-teacher-${String(n + 1).padStart(2, "0")}@pathways.test`;

const COMMENTS = [
  "My Year 4 class used the debugging routine straight away; they now explain their bugs before asking for help.",
  "Useful for our department meeting: we rewrote the KS3 programming unit's first three lessons.",
  "The unplugged starter worked well with my Year 8 group; the Python part needed more time than planned.",
];

export async function seedDemoActivity(now = new Date()): Promise<boolean> {
  if (await prisma.school.findUnique({ where: { urn: DEMO_SCHOOLS[0].urn }, select: { urn: true } })) return false;
  const modules = await prisma.module.findMany({
    where: { id: { in: DEMO_MODULES }, currentVersionId: { not: null } },
    select: { id: true, currentVersion: { select: { number: true } } },
  });
  if (modules.length !== DEMO_MODULES.length) return false; // the courses are published first
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const daysAgo = (n: number, hour = 16) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - n, hour));

  for (const school of DEMO_SCHOOLS)
    await prisma.school.create({
      data: {
        ...school,
        laCode: "990",
        laName: DEMO_LOCAL_AUTHORITY,
        region: DEMO_REGION,
        type: school.urn === CONVERTED.to ? "Academy converter" : "Community school",
        postcode: "BF1 1AA",
        openedOn: school.urn === CONVERTED.to ? londonIsoDate(daysAgo(700)) : null,
        closedOn: school.urn === CONVERTED.from ? londonIsoDate(daysAgo(701)) : null,
        canonicalUrn: school.urn === CONVERTED.to ? CONVERTED.from : school.urn,
        searchText: `${school.name} bf1 1aa ${DEMO_LOCAL_AUTHORITY}`.toLowerCase(),
      },
    });
  await prisma.schoolLink.createMany({
    data: [
      { urn: CONVERTED.to, linkUrn: CONVERTED.from, linkType: "Predecessor" },
      { urn: CONVERTED.from, linkUrn: CONVERTED.to, linkType: "Successor" },
    ],
  });
  const organisations = new Map<number, string>();
  for (const urn of new Set(STAFF_AT)) {
    const school = DEMO_SCHOOLS.find((s) => s.urn === urn)!;
    const organisation = await prisma.organisation.create({
      data: { name: school.name, type: school.phase === "Primary" ? "primary-school" : "secondary-school", urn },
    });
    organisations.set(urn, organisation.id);
  }

  // Nobody signs in as these teachers: their password is random and thrown away.
  const passwordHash = await hashPassword(crypto.randomBytes(24).toString("base64url"));
  const teachers: string[] = [];
  for (const [n, urn] of STAFF_AT.entries()) {
    const school = DEMO_SCHOOLS.find((s) => s.urn === urn)!;
    const user = await prisma.user.create({
      data: {
        email: demoTeacherEmail(n),
        name: `${FIRST[n % FIRST.length]} ${LAST[n % LAST.length]} (fictional)`,
        passwordHash,
        organisationName: school.name,
        organisationType: school.phase === "Primary" ? "primary-school" : "secondary-school",
        roleInSchool: n % 7 === 0 ? "subject-leader" : "class-teacher",
        emailVerifiedAt: daysAgo(340),
        createdAt: daysAgo(340),
        memberships: { create: { organisationId: organisations.get(urn)!, joinedAt: daysAgo(340) } },
      },
    });
    teachers.push(user.id);
  }

  // Online: most teachers enrol on one or two modules over the year; about two in three finish.
  const version = new Map(modules.map((m) => [m.id, m.currentVersion?.number ?? 1]));
  for (const [n, userId] of teachers.entries()) {
    const picks = n % 5 === 4 ? [] : n % 3 === 0 ? DEMO_MODULES.slice(0, 2) : [DEMO_MODULES[n % 3]!];
    for (const moduleId of picks) {
      const enrolled = 20 + Math.floor(random() * 300);
      const completed = random() < 0.66 ? Math.max(1, enrolled - 10 - Math.floor(random() * 40)) : null;
      await prisma.enrolment.create({
        data: { userId, moduleId, enrolledAt: daysAgo(enrolled), completedAt: completed ? daysAgo(completed) : null },
      });
      if (completed)
        await prisma.moduleRating.create({
          data: {
            userId,
            moduleId,
            versionNumber: version.get(moduleId)!,
            score: 4 + Math.floor(random() * 3),
            updatedAt: daysAgo(completed),
          },
        });
    }
  }

  // Live: three past events, each with most of a third of the teachers booked and attending.
  const events = [
    {
      id: "demo-past-primary-computing-network",
      title: "Primary computing network meeting (demo)",
      ago: 200,
      keyStages: ["KS1", "KS2"],
      audience: ["primary-teachers"],
    },
    {
      id: "demo-past-gcse-python-twilight",
      title: "GCSE Python: teaching iteration, a twilight session (demo)",
      ago: 120,
      keyStages: ["KS4"],
      audience: ["secondary-teachers"],
    },
    {
      id: "demo-past-careers-in-digital",
      title: "Careers in digital for subject and careers leaders (demo)",
      ago: 45,
      keyStages: ["KS3", "KS4"],
      audience: ["secondary-teachers", "careers-leaders"],
    },
  ];
  for (const [e, event] of events.entries()) {
    const fields = {
      id: event.id,
      title: event.title,
      summary: "A past session created for the demo, so the impact report has live events to show.",
      format: "online",
      audience: event.audience,
      keyStages: event.keyStages,
      topics: ["programming"],
      organisers: [{ name: "Pathways programme team" }],
      cpdHours: 2,
      capacity: 30,
      online: { platform: "Microsoft Teams" },
      sessions: [{ id: "session", date: londonIsoDate(daysAgo(event.ago)), start: "16:00", end: "18:00" }],
    };
    const loaded = await loadEventSource(`${event.id}.md`, `---\n${stringify(fields)}---\n\nA demo event in the past (fictional).\n`);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
    await publishEvent(loaded.event);
    const attendees = teachers.filter((_, n) => n % 3 === e);
    for (const [i, userId] of attendees.entries()) {
      const booking = await prisma.eventBooking.create({
        data: { eventId: event.id, userId, status: "confirmed", confirmedAt: daysAgo(event.ago + 14), origin: "http://localhost:3000" },
      });
      if (i % 6 === 5) continue; // booked, did not come
      await prisma.eventAttendance.create({
        data: {
          bookingId: booking.id,
          sessionKey: "session",
          status: i % 4 === 3 ? "late" : "present",
          method: "register",
          recordedAt: daysAgo(event.ago),
        },
      });
      await prisma.eventFeedback.create({
        data: {
          bookingId: booking.id,
          eventId: event.id,
          score: i % 5 === 4 ? 4 : i % 2 ? 6 : 5,
          comment: i === 0 ? COMMENTS[e]! : "",
          quoteConsent: i === 0 ? "role" : "none",
          createdAt: daysAgo(event.ago - 1),
          updatedAt: daysAgo(event.ago - 1),
        },
      });
    }
  }

  // Classroom follow-ups from some of the teachers who finished a module.
  const finished = await prisma.enrolment.findMany({
    where: { userId: { in: teachers }, completedAt: { lt: daysAgo(45) } },
    select: { userId: true, moduleId: true, completedAt: true },
    orderBy: [{ completedAt: "asc" }, { userId: "asc" }],
  });
  for (const [i, f] of finished.entries()) {
    if (i % 2) continue;
    const used = i % 6 === 4 ? "not-yet" : "yes";
    await prisma.classroomFollowUp.create({
      data: {
        userId: f.userId,
        subject: `module:${f.moduleId}`,
        title: f.moduleId,
        askedAt: new Date(f.completedAt!.getTime() + 42 * 86_400_000),
        answeredAt: new Date(f.completedAt!.getTime() + 44 * 86_400_000),
        used,
        learners: used === "yes" ? 24 + (i % 4) * 6 : null,
        girls: used === "yes" ? 11 + (i % 3) : null,
        keyStages: used === "yes" ? ",KS3," : "",
        changed: used === "yes" ? "Pupils plan their programs on paper before coding (fictional answer)." : "",
      },
    });
  }

  // An evaluation the demo evaluator can export: primaries and secondaries split into two arms, locked.
  const admin = await prisma.user.findUnique({ where: { email: "admin@pathways.test" }, select: { id: true } });
  if (admin) {
    const id = await createEvaluation(admin.id, {
      name: "Brookfield computing CPD pilot (demo)",
      question:
        "Does a year of Pathways CPD for computing teachers raise the share of pupils, and of girls, choosing GCSE Computer Science? A fictional evaluation for the demo.",
      startsOn: londonIsoDate(daysAgo(365)),
      endsOn: londonIsoDate(now),
      assignmentMethod: "matched",
      comparisonRegion: undefined,
      activities: DEMO_MODULES.map((m) => `module:${m}`),
    });
    await applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: "990501 990502 990505 990506 990509", arm: "treatment" });
    await applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: "990503 990504 990507 990508", arm: "control" });
    await applyEvaluationAction(id, admin.id, { intent: "lock", assignedOn: londonIsoDate(daysAgo(370)) });
  }
  return true;
}
