import crypto from "node:crypto";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createEvent } from "../../../tests/factories/events.ts";
import { prisma } from "~/utils/db.server.ts";
import { tableZip } from "./export.server.ts";
import { tableCsv, type ImpactFilters, type ImpactReport } from "./impact.ts";
import { buildImpactReport, organisationKey } from "./report.server.ts";
import { saveProgramme } from "~/modules/programmes/programmes.server.ts";

/**
 * The impact report (docs/decisions/0060) on a small, known world in autumn 2019 (a period no other
 * test writes in), on this file's database (both in CI). Every figure is worked out by hand from the
 * rows below, including the de-duplication of organisations and the suppression.
 */
const PERIOD: ImpactFilters = { from: "2019-09-01", to: "2019-12-31" };
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const tag = crypto.randomBytes(3).toString("hex");
const MODULE_A = `impact-a-${tag}`;
const MODULE_B = `impact-b-${tag}`;
let eventId = "";
let report: ImpactReport;

async function person(i: number, organisationName: string, organisationType = "primary-school") {
  return prisma.user.create({
    data: {
      email: `impact-${i}-${tag}@school.example`,
      name: `Teacher ${i}`,
      passwordHash: "x",
      organisationName,
      organisationType,
      roleInSchool: "class-teacher",
    },
  });
}

beforeAll(async () => {
  await publishFixtureModule({ id: MODULE_A, title: "Impact module A", activities: [{ id: "read", type: "reading" }] });
  await publishFixtureModule({ id: MODULE_B, title: "Impact module B", activities: [{ id: "read", type: "reading" }] });
  eventId = await createEvent({
    title: "Impact forum",
    cpdHours: 2,
    capacity: 30,
    sessions: [
      { id: "one", date: "2019-11-05", start: "16:00", end: "17:00" },
      { id: "two", date: "2019-11-12", start: "16:00", end: "17:00" },
    ],
  });
  // Sixteen teachers. p0–p6 at one primary school, written three ways; p7 and p8 at one secondary,
  // written two ways; p9, p10 at two more; p11–p14 at another primary; p15 belongs to a Pathways
  // organisation. Six organisations.
  const schools = [
    ...Array.from({ length: 7 }, (_, i) => [
      ["Riverside Primary", "riverside primary ", "The Riverside Primary!"][i % 3]!,
      "primary-school",
    ]),
    ["Hill Academy", "secondary-school"],
    ["Hill  Academy.", "secondary-school"],
    ["Oak School", "secondary-school"],
    ["Ash School", "secondary-school"],
    ...Array.from({ length: 4 }, () => ["Northgate Primary", "primary-school"]),
    ["Eastfield (as typed)", "other"],
  ] as [string, string][];
  const p: { id: string }[] = [];
  for (const [i, [name, type]] of schools.entries()) p.push(await person(i, name, type));
  const org = await prisma.organisation.create({ data: { name: "Eastfield College", type: "sixth-form-college" } });
  await prisma.membership.create({ data: { userId: p[15]!.id, organisationId: org.id } });

  // Online: p0–p7 enrol on A in the period, p0–p5 complete it; p8–p10 enrol on B; p8 also enrolled
  // on A in 2020 (outside the period).
  for (let i = 0; i <= 7; i++)
    await prisma.enrolment.create({
      data: { userId: p[i]!.id, moduleId: MODULE_A, enrolledAt: at("2019-09-10"), completedAt: i <= 5 ? at("2019-10-01") : null },
    });
  for (let i = 8; i <= 10; i++)
    await prisma.enrolment.create({ data: { userId: p[i]!.id, moduleId: MODULE_B, enrolledAt: at("2019-10-10") } });
  await prisma.enrolment.create({ data: { userId: p[8]!.id, moduleId: MODULE_A, enrolledAt: at("2020-02-01") } });

  // Live: p5 and p11–p15 booked; all came to both sessions but p15, who came to one; p14 came late.
  const attendees = [5, 11, 12, 13, 14, 15];
  for (const i of attendees) {
    const booking = await prisma.eventBooking.create({
      data: { eventId, userId: p[i]!.id, status: "confirmed", confirmedAt: at("2019-10-01"), origin: "https://pathways.example" },
    });
    const sessions = i === 15 ? ["one"] : ["one", "two"];
    for (const sessionKey of sessions)
      await prisma.eventAttendance.create({
        data: {
          bookingId: booking.id,
          sessionKey,
          status: i === 14 ? "late" : "present",
          method: "register",
          recordedAt: at("2019-11-12"),
        },
      });
    // p15 was marked absent from the second session: it does not count.
    if (i === 15)
      await prisma.eventAttendance.create({ data: { bookingId: booking.id, sessionKey: "two", status: "absent", method: "register" } });
    // Feedback from five of them: 6, 6, 6, 5, 4; p11 may be quoted by role.
    const score = { 5: 6, 11: 6, 12: 6, 13: 5, 14: 4 }[i];
    if (score)
      await prisma.eventFeedback.create({
        data: {
          bookingId: booking.id,
          eventId,
          score,
          comment: i === 11 ? "My Year 5 class now debug their own programs before asking me." : "",
          quoteConsent: i === 11 ? "role" : "none",
          updatedAt: at("2019-11-20"),
          createdAt: at("2019-11-20"),
        },
      });
  }

  // Module ratings: A from six people (6, 6, 5, 5, 4, 6); B from two (3, 5).
  for (const [i, score] of [6, 6, 5, 5, 4, 6].entries())
    await prisma.moduleRating.create({
      data: { userId: p[i]!.id, moduleId: MODULE_A, versionNumber: 1, score, updatedAt: at("2019-10-02") },
    });
  for (const [i, score] of [
    [8, 3],
    [9, 5],
  ] as const)
    await prisma.moduleRating.create({
      data: { userId: p[i]!.id, moduleId: MODULE_B, versionNumber: 1, score, updatedAt: at("2019-10-12") },
    });

  // Certificates: six for A in the period, one of them revoked, one reissued (the old one replaced).
  const certificate = (i: number, extra: object = {}) => ({
    id: crypto.randomBytes(16).toString("base64url"),
    userId: p[i]!.id,
    moduleId: MODULE_A,
    moduleTitle: "Impact module A",
    versionNumber: 1,
    holderName: `Teacher ${i}`,
    cpdHours: 1,
    completedAt: at("2019-10-01"),
    issuedAt: at("2019-10-01"),
    issuer: "https://pathways.example",
    credential: "{}",
    ...extra,
  });
  for (let i = 0; i <= 4; i++) await prisma.certificate.create({ data: certificate(i) });
  await prisma.certificate.create({ data: certificate(5, { status: "revoked", revokedAt: at("2019-10-05") }) });
  const newer = await prisma.certificate.findFirstOrThrow({ where: { userId: p[4]!.id } });
  await prisma.certificate.create({ data: certificate(4, { userId: null, formerUserId: p[4]!.id, replacedById: newer.id }) });

  report = await buildImpactReport(PERIOD);
}, 60_000);

const table = (id: string) => report.tables.find((t) => t.id === id)!;
const row = (id: string, label: string) => table(id).rows.find((r) => r[0] === label)!;
const headline = (label: string) => report.headlines.find((h) => h.label === label)!.value;

describe("the impact report, checked against the rows", () => {
  it("counts each educator once, by activity, hiding the small counts and one more", () => {
    // Online: p0–p10 (11). Live: p5, p11–p15 (6). Both: p5 (1). So 10 online only, 5 live only.
    expect(headline("Educators reached")).toBe(16);
    expect(table("educators-by-activity").rows).toEqual([
      ["Online courses only", 10],
      // 1 is hidden, and so is the smallest other (5), so that it is not 16 − 10 − 5.
      ["Live events only", null],
      ["Both", null],
      ["Total", 16],
    ]);
  });

  it("counts an organisation once however its name was typed, and a Pathways organisation by itself", () => {
    expect(organisationKey({ organisationName: "The Riverside Primary!", organisationType: "primary-school", organisationId: null })).toBe(
      organisationKey({ organisationName: "riverside  primary", organisationType: "primary-school", organisationId: null }),
    );
    // Riverside, Hill, Oak, Ash, Northgate, and Eastfield College (by membership, not as typed).
    expect(headline("Organisations reached")).toBe(6);
    const byType = Object.fromEntries(table("organisations-by-type").rows.map((r) => [r[0], r[1]]));
    // Primary 2, secondary 3, sixth form college 1: all under 5, all hidden; the total is shown.
    expect(byType).toMatchObject({ "Primary school": null, "Secondary school": null, "Sixth form college": null, Other: 0, Total: 6 });
  });

  it("gives enrolments, completions, attendance, CPD hours and certificates in the period only", () => {
    // A: 8 enrolments (the 2020 one is outside), 6 completions; B: 3 enrolments (hidden, and A's 8 with it).
    expect(row("modules", "Impact module A")).toEqual(["Impact module A", null, 6]);
    expect(row("modules", "Impact module B")).toEqual(["Impact module B", null, 0]);
    expect(row("modules", "All modules")).toEqual(["All modules", 11, 6]);
    expect(row("live-events", "Impact forum").slice(3)).toEqual([6, 6]);
    expect(headline("Live events run")).toBe(1);
    // 6 completions × 1 hour, five attendees × 2 hours, p15 half the sessions × 2 hours.
    expect(headline("CPD hours delivered")).toBe(6 + 10 + 1);
    // Five valid certificates (not the revoked one, and the reissued one once): all for modules.
    expect(table("certificates").rows).toEqual([
      ["Completion of a module", 5],
      ["Attendance at a live event", 0],
      ["Total", 5],
    ]);
  });

  it("reports ratings by group: a module with fewer than 5 hidden whole, and the others shown with n, mean and median", () => {
    // A: 6, 6, 5, 5, 4, 6 → n 6, mean 5.33, median 5.5. B (2 responses) is hidden; then A would be
    // "all" less B, so with only A and B rated, the smallest other (A) is hidden too.
    expect(row("module-ratings", "Impact module A")).toEqual(["Impact module A", null, null, null, null, null, null, null, null, null]);
    expect(
      row("module-ratings", "Impact module B")
        .slice(1)
        .every((c) => c === null),
    ).toBe(true);
    expect(row("module-ratings", "All modules")).toEqual(["All modules", 8, "5.00", 5, 0, 0, 1, 1, 3, 3]);
    // The event: 6, 6, 6, 5, 4 → n 5, mean 5.40, median 6, shown whole.
    expect(row("live-event-ratings", "Impact forum")).toEqual(["Impact forum", 5, "5.40", 6, 0, 0, 0, 1, 1, 3]);
  });

  it("charts the tables' own figures, suppressed the same way (docs/decisions/0063)", () => {
    const bars = (id: string) => table(id).chart!.bars.map((b) => [b.label, b.value]);
    expect(bars("educators-by-activity")).toEqual(table("educators-by-activity").rows.slice(0, 3));
    expect(bars("organisations-by-type")).toEqual(table("organisations-by-type").rows.slice(0, -1));
    expect(bars("module-ratings")).toEqual(["1", "2", "3", "4", "5", "6"].map((s, i) => [s, row("module-ratings", "All modules")[4 + i]]));
    expect(bars("live-event-ratings")).toEqual(
      ["1", "2", "3", "4", "5", "6"].map((s, i) => [s, row("live-event-ratings", "All events")[4 + i]]),
    );
  });

  it("quotes only those who agreed, as they agreed", () => {
    expect(report.quotes).toEqual([
      { text: "My Year 5 class now debug their own programs before asking me.", by: "Class or subject teacher", about: "Impact forum" },
    ]);
  });

  it("narrows to one module, leaving events out", async () => {
    const narrowed = await buildImpactReport({ ...PERIOD, module: MODULE_A });
    expect(narrowed.headlines.find((h) => h.label === "Educators reached")!.value).toBe(8);
    expect(narrowed.headlines.find((h) => h.label === "Live events run")!.value).toBe(0);
    expect(narrowed.tables.find((t) => t.id === "modules")!.rows).toEqual([
      ["Impact module A", 8, 6],
      ["All modules", 8, 6],
    ]);
  });
});

describe("a programme (docs/decisions/0065)", () => {
  it("narrows the report to its own modules and events; an unknown one to nothing", async () => {
    const id = await saveProgramme(null, {
      name: `Programme ${tag}`,
      description: "",
      activities: [`module:${MODULE_A}`, `event:${eventId}`],
    });
    const narrowed = await buildImpactReport({ ...PERIOD, programme: id });
    expect(narrowed.tables.find((t) => t.id === "modules")!.rows.map((r) => r[0])).toEqual(["Impact module A", "All modules"]);
    expect(narrowed.tables.find((t) => t.id === "live-events")!.rows.map((r) => r[0])).toEqual(["Impact forum", "All events"]);
    // Online: p0–p7 on A; live: p5, p11–p15. Thirteen people; p8–p10 (only on B) are not counted.
    expect(narrowed.headlines.find((h) => h.label === "Educators reached")!.value).toBe(13);
    const onlyB = await saveProgramme(null, { name: `Only B ${tag}`, description: "", activities: [`module:${MODULE_B}`] });
    const b = await buildImpactReport({ ...PERIOD, programme: onlyB });
    expect(b.headlines.find((h) => h.label === "Live events run")!.value).toBe(0);
    expect(b.tables.find((t) => t.id === "modules")!.rows.map((r) => r[0])).toEqual(["Impact module B", "All modules"]);
    const none = await buildImpactReport({ ...PERIOD, programme: "no-such-programme" });
    expect(none.headlines.find((h) => h.label === "Educators reached")!.value).toBe(0);
    // Its name must be unique: a clear message, not a failure.
    await expect(saveProgramme(null, { name: `Programme ${tag}`, description: "", activities: [] })).rejects.toThrow(
      /already a programme called/,
    );
  });
});

describe("the report's downloads", () => {
  it("give the same bytes for the same filters on the same data, with a manifest that names the CSV's checksum", async () => {
    const first = await tableZip(report, table("educators-by-activity"));
    const again = await tableZip(await buildImpactReport(PERIOD), table("educators-by-activity"));
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    const zip = await JSZip.loadAsync(first);
    const csv = await zip.file("educators-by-activity.csv")!.async("string");
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as Record<string, unknown>;
    expect(csv).toBe("Activity,Educators\r\nOnline courses only,10\r\nLive events only,c\r\nBoth,c\r\nTotal,16\r\n");
    expect(csv).toBe(tableCsv(table("educators-by-activity")));
    expect(manifest).toMatchObject({
      table: "educators-by-activity",
      filters: PERIOD,
      rows: 4,
      dataAsOf: "2019-11-20T12:00:00.000Z",
      sha256: crypto.createHash("sha256").update(csv).digest("hex"),
    });
    expect(manifest.codeVersion).toMatch(/^pathways \d+\.\d+\.\d+$/);
  });
});
