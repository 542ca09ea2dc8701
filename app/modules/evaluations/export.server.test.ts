import crypto from "node:crypto";
import JSZip from "jszip";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createEvent } from "../../../tests/factories/events.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { applyEvaluationAction, createEvaluation } from "./evaluations.server.ts";
import { exportEvaluation } from "./export.server.ts";

/**
 * Evaluations (docs/decisions/0064) on a small world of their own, on this file's database (both in
 * CI): schools with URNs no other test uses, in a region of their own, so the comparison arm is
 * known. Exports are read back with csv-parse and JSZip, and checked against the rows made here.
 */
const tag = crypto.randomBytes(3).toString("hex");
const base = 5_000_000 + crypto.randomInt(0, 4_000_000);
const URN = { a: base, bOld: base + 1, bNew: base + 2, c: base + 3, d: base + 4, e: base + 5 };
const REGION = `Evaluation region ${tag}`;
const MODULE_T = `eval-treatment-${tag}`;
const MODULE_O = `eval-other-${tag}`;
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const admin = { id: `admin-${tag}`, name: "Ada Admin" };
const people: Record<string, { id: string; email: string; name: string }> = {};
let eventId = "";

type Row = Record<string, string>;
async function exportRows(evaluationId: string, purpose = "Interim analysis") {
  const { zip, exportId } = await exportEvaluation(evaluationId, admin, { purpose, agreementRef: `DSA-${tag}` });
  const files = await JSZip.loadAsync(zip);
  const read = async (name: string) => (await files.file(name)!.async("string")) as string;
  const teachers = parse(await read("teachers.csv"), { columns: true }) as Row[];
  const schools = parse(await read("schools.csv"), { columns: true }) as Row[];
  const manifest = JSON.parse(await read("manifest.json")) as { files: { file: string; rows: number; sha256: string }[] };
  return { zip, exportId, files, read, teachers, schools, manifest };
}

async function school(urn: number, name: string, phase: string, status = "Open", canonicalUrn = urn) {
  await prisma.school.create({
    data: {
      urn,
      name,
      laCode: "999",
      laName: `Borough ${tag}`,
      region: REGION,
      phase,
      type: "Academy converter",
      status,
      postcode: "ZZ1 1ZZ",
      canonicalUrn,
      searchText: name.toLowerCase(),
    },
  });
}

async function teacher(key: string, urn: number | null) {
  const email = `eval-${key}-${tag}@school.example`;
  const user = await prisma.user.create({
    data: {
      email,
      name: `Teacher ${key} ${tag}`,
      passwordHash: "x",
      organisationName: "As typed",
      organisationType: "secondary-school",
      roleInSchool: "class-teacher",
    },
  });
  if (urn !== null) {
    const organisation = await prisma.organisation.create({ data: { name: `School ${urn}`, type: "secondary-school", urn } });
    await prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, joinedAt: at("2025-01-01") } });
  }
  people[key] = { id: user.id, email, name: `Teacher ${key} ${tag}` };
  return user.id;
}

let first = "";
let second = "";

beforeAll(async () => {
  // A: treatment. B: control, assigned under its old URN; it became an academy (bNew), and its
  // organisation on Pathways is matched to the new URN. C: another open secondary school of the
  // region (comparison). D: a primary school there (not comparison). E: closed (not comparison).
  await school(URN.a, "Alder Academy", "Secondary");
  await school(URN.bOld, "Beech High School", "Secondary", "Closed", URN.bOld);
  await school(URN.bNew, "Beech Academy", "Secondary", "Open", URN.bOld);
  await school(URN.c, "Cedar School", "Secondary");
  await school(URN.d, "Damson Primary", "Primary");
  await school(URN.e, "Elder School", "Secondary", "Closed");

  await publishFixtureModule({ id: MODULE_T, title: "Evaluation treatment module", activities: [{ id: "read", type: "reading" }] });
  await publishFixtureModule({ id: MODULE_O, title: "Evaluation other module", activities: [{ id: "read", type: "reading" }] });
  eventId = await createEvent({
    title: `Evaluation forum ${tag}`,
    cpdHours: 2,
    sessions: [{ id: "one", date: "2026-03-03", start: "16:00", end: "18:00" }],
  });

  const t1 = await teacher("t1", URN.a); // treatment: completes the treatment module
  const t2 = await teacher("t2", URN.bNew); // control: completes the treatment module (contamination)
  await teacher("t3", URN.bNew); // control: nothing
  const t4 = await teacher("t4", URN.c); // comparison: comes to the event
  const t5 = await teacher("t5", URN.d); // a primary school: in no arm
  const t6 = await teacher("t6", null); // no school
  // t7's first organisation is not a school in an arm; joining A later does not put them in it.
  const t7 = await teacher("t7", URN.d);
  const alder = await prisma.organisation.findFirstOrThrow({ where: { urn: URN.a } });
  await prisma.membership.create({ data: { userId: t7, organisationId: alder.id, joinedAt: at("2026-01-01") } });
  const t8 = await teacher("t8", URN.bNew); // control: only the other module (not a treatment activity)
  const t9 = await teacher("t9", URN.c); // comparison: booked the event, did not come

  for (const [userId, moduleId] of [
    [t1, MODULE_T],
    [t2, MODULE_T],
    [t5, MODULE_T],
    [t6, MODULE_T],
    [t7, MODULE_T],
    [t8, MODULE_O],
  ] as const)
    await prisma.enrolment.create({ data: { userId, moduleId, enrolledAt: at("2026-02-01"), completedAt: at("2026-02-10") } });
  // Outside the period: not dose.
  await prisma.enrolment.create({ data: { userId: t1, moduleId: MODULE_O, enrolledAt: at("2024-02-01"), completedAt: at("2024-02-10") } });
  const booking = await prisma.eventBooking.create({
    data: { eventId, userId: t4, status: "confirmed", confirmedAt: at("2026-02-01"), origin: "https://pathways.example" },
  });
  await prisma.eventAttendance.create({ data: { bookingId: booking.id, sessionKey: "one", status: "present", method: "register" } });
  await prisma.eventBooking.create({
    data: { eventId, userId: t9, status: "confirmed", confirmedAt: at("2026-02-01"), origin: "https://pathways.example" },
  });

  const input = {
    name: `Evaluation ${tag}`,
    question: "Does the programme raise uptake of computing?",
    startsOn: "2026-01-01",
    endsOn: "2026-07-31",
    assignmentMethod: "randomised" as const,
    comparisonRegion: REGION,
    activities: [`module:${MODULE_T}`],
  };
  first = await createEvaluation(admin.id, input);
  second = await createEvaluation(admin.id, { ...input, name: `Second evaluation ${tag}` });
  for (const id of [first, second]) {
    await applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: String(URN.a), arm: "treatment" });
    await applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: `${URN.bOld}`, arm: "control" });
    await applyEvaluationAction(id, admin.id, { intent: "lock", assignedOn: "2025-12-15" });
  }
}, 60_000);

describe("an evaluation's arms", () => {
  it("refuses URNs it does not know, or that are not URNs, and writes nothing", async () => {
    const id = await createEvaluation(admin.id, {
      name: "Unlocked",
      question: "?",
      startsOn: "2026-01-01",
      endsOn: "2026-02-01",
      assignmentMethod: "matched",
      activities: [],
    });
    await expect(
      applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: `${URN.a}\n1234567`, arm: "treatment" }),
    ).rejects.toThrow(/No school has the URN 1234567/);
    await expect(applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: `${URN.a}, abc`, arm: "treatment" })).rejects.toThrow(
      /not URNs .*abc/,
    );
    expect(await prisma.evaluationSchool.count({ where: { evaluationId: id } })).toBe(0);
    // Locking needs both arms; exporting needs the lock.
    await applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: `${URN.a}`, arm: "treatment" });
    await expect(applyEvaluationAction(id, admin.id, { intent: "lock", assignedOn: "2026-01-01" })).rejects.toThrow(/control arm/);
    await expect(exportEvaluation(id, admin, { purpose: "x", agreementRef: "y" })).rejects.toThrow(/Lock the arms/);
    expect(await prisma.evaluationExport.count({ where: { evaluationId: id } })).toBe(0);
  });

  it("cannot change once locked; a school that drops out stays in its arm (intention to treat)", async () => {
    for (const action of [
      { intent: "add-schools", urns: String(URN.c), arm: "treatment" },
      { intent: "add-schools", urns: String(URN.a), arm: "control" },
      { intent: "remove-school", urn: URN.a },
    ] as const) {
      const refused = await applyEvaluationAction(first, admin.id, action).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).status).toBe(409);
    }
    const relock = await applyEvaluationAction(first, admin.id, { intent: "lock", assignedOn: "2026-01-01" }).catch((e: unknown) => e);
    expect((relock as AppError).status).toBe(409);
    expect((await prisma.evaluation.findUniqueOrThrow({ where: { id: first } })).assignedOn).toBe("2025-12-15");
    await applyEvaluationAction(second, admin.id, { intent: "withdraw", urn: URN.a, withdrawnOn: "2026-03-01" });
    const { teachers, schools } = await exportRows(second);
    expect(schools.find((s) => s.urn === String(URN.a))).toMatchObject({ arm: "treatment", withdrawn_on: "2026-03-01" });
    expect(teachers.filter((t) => t.urn === String(URN.a))).toEqual([
      expect.objectContaining({ arm: "treatment", school_withdrawn: "yes" }),
    ]);
  });
});

describe("an evaluator's export", () => {
  it("has a row per teacher of a school in an arm, with their dose, and flags control staff who took the treatment", async () => {
    const { teachers } = await exportRows(first);
    expect(teachers).toHaveLength(6); // t1 (A), t2, t3, t8 (B, by its new URN), t4, t9 (C)
    const byArm = (arm: string) => teachers.filter((t) => t.arm === arm);
    expect(byArm("treatment")).toEqual([
      expect.objectContaining({ urn: String(URN.a), enrolments: "1", completions: "1", treatment_activity: "yes", contamination: "no" }),
    ]);
    // All three at B count under the URN B was assigned with.
    expect(byArm("control").map((t) => t.urn)).toEqual([String(URN.bOld), String(URN.bOld), String(URN.bOld)]);
    expect(
      byArm("control")
        .map((t) => t.contamination)
        .sort(),
    ).toEqual(["no", "no", "yes"]);
    expect(byArm("control").filter((t) => t.completions === "1")).toHaveLength(2); // t2 (treatment module), t8 (other module)
    expect(
      byArm("comparison")
        .map((t) => t.live_sessions_attended)
        .sort(),
    ).toEqual(["0", "1"]);
    expect(byArm("comparison").find((t) => t.live_sessions_attended === "1")).toMatchObject({
      urn: String(URN.c),
      live_cpd_hours: "2.00",
      enrolments: "0",
    });
  });

  it("has a row per school of every arm: the comparison arm is the region's other open secondary schools", async () => {
    const { schools } = await exportRows(first);
    expect(schools.map((s) => [s.urn, s.arm])).toEqual([
      [String(URN.c), "comparison"],
      [String(URN.bOld), "control"],
      [String(URN.a), "treatment"],
    ]);
    expect(schools.find((s) => s.arm === "control")).toMatchObject({
      teachers_on_pathways: "3",
      teachers_taking_part: "2",
      completions: "2",
      contaminated_teachers: "1",
      region: REGION,
    });
  });

  it("counts a booking alone as taking a treatment event (contamination), but not as dose", async () => {
    const id = await createEvaluation(admin.id, {
      name: `Event evaluation ${tag}`,
      question: "Does the forum change practice?",
      startsOn: "2026-01-01",
      endsOn: "2026-07-31",
      assignmentMethod: "matched",
      activities: [`event:${eventId}`],
    });
    await applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: String(URN.a), arm: "treatment" });
    await applyEvaluationAction(id, admin.id, { intent: "add-schools", urns: String(URN.c), arm: "control" });
    await applyEvaluationAction(id, admin.id, { intent: "lock", assignedOn: "2025-12-20" });
    const { teachers, schools } = await exportRows(id);
    // t4 came, t9 only booked: both took the treatment, only t4 has any dose.
    expect(teachers.filter((t) => t.urn === String(URN.c)).map((t) => t.contamination)).toEqual(["yes", "yes"]);
    expect(schools.find((s) => s.urn === String(URN.c))).toMatchObject({
      arm: "control",
      teachers_on_pathways: "2",
      teachers_taking_part: "1",
      contaminated_teachers: "2",
    });
  });

  it("joins within one evaluation and not across two, and names nobody", async () => {
    const one = await exportRows(first);
    const again = await exportRows(first, "Final analysis");
    const other = await exportRows(second);
    const ids = (rows: Row[]) => rows.map((r) => r.pseudonym).sort();
    expect(ids(one.teachers).every((p) => /^[0-9a-f]{32}$/.test(p!))).toBe(true);
    expect(ids(again.teachers)).toEqual(ids(one.teachers));
    const otherIds = new Set(ids(other.teachers));
    expect(ids(one.teachers).filter((p) => otherIds.has(p))).toEqual([]);
    expect(other.teachers).toHaveLength(one.teachers.length);
    for (const name of ["teachers.csv", "schools.csv", "manifest.json", "data-dictionary.csv"]) {
      const text = await one.read(name);
      for (const person of Object.values(people)) {
        expect(text).not.toContain(person.id);
        expect(text).not.toContain(person.email);
        expect(text).not.toContain(person.name);
      }
    }
  });

  it("is logged with who, why, the agreement, the fields, the rows and the checksum of what was handed over", async () => {
    const { zip, exportId, manifest, read } = await exportRows(first, "Checksum check");
    const log = await prisma.evaluationExport.findUniqueOrThrow({ where: { id: exportId } });
    expect(log).toMatchObject({
      evaluationId: first,
      userId: admin.id,
      byName: "Ada Admin",
      purpose: "Checksum check",
      agreementRef: `DSA-${tag}`,
    });
    expect(log.sha256).toBe(crypto.createHash("sha256").update(zip).digest("hex"));
    expect(JSON.parse(log.fields)).toMatchObject({ "teachers.csv": expect.arrayContaining(["pseudonym", "contamination"]) });
    expect(log.rows).toBe(6 + 3);
    for (const file of manifest.files) {
      expect(
        crypto
          .createHash("sha256")
          .update(await read(file.file))
          .digest("hex"),
      ).toBe(file.sha256);
    }
    const dictionary = parse(await read("data-dictionary.csv"), { columns: true }) as Row[];
    const teachersHeader = (await read("teachers.csv")).split("\r\n")[0]!.split(",");
    expect(dictionary.filter((d) => d.file === "teachers.csv").map((d) => d.column)).toEqual(teachersHeader);
  });
});
