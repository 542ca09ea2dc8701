/**
 * An evaluator's export (docs/decisions/0064): a zip of teachers.csv (one row per teacher of a
 * school in an arm, by pseudonym), schools.csv (one row per school, with its dose),
 * data-dictionary.csv and manifest.json. Pseudonyms are HMAC-SHA-256 of the teacher's id under the
 * evaluation's own key, so one evaluation's exports join with each other and never with another's.
 * No names or email addresses; URNs are kept (schools are public). Every export is logged before
 * it is handed over: who, when, why, under which agreement, the fields, the rows and the checksum.
 * Callers check the role (admin or evaluator); this file does not.
 */
import crypto from "node:crypto";
import JSZip from "jszip";
import pkg from "../../../package.json" with { type: "json" };
import { attendedHours, AttendanceStatus } from "~/modules/events/attendance.ts";
import { BookingStatus } from "~/modules/events/bookings.ts";
import { londonInstant } from "~/modules/events/event-format.ts";
import { prisma } from "~/utils/db.server.ts";
import { toCsv } from "~/utils/csv.ts";
import { AppError } from "~/utils/errors.ts";
import { armsOf } from "./evaluations.server.ts";
import { ARMS, ASSIGNMENT_METHODS, COMPARISON, DATA_DICTIONARY, exportColumns, type AssignmentMethod } from "./evaluation.ts";

/** A teacher's pseudonym in one evaluation: the first 16 bytes of HMAC-SHA-256(key, id), as hex. */
export function pseudonym(key: string, userId: string): string {
  return crypto.createHmac("sha256", Buffer.from(key, "hex")).update(userId, "utf8").digest("hex").slice(0, 32);
}

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const yesNo = (b: boolean) => (b ? "yes" : "no");
const hours = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
const sha256 = (data: string | Uint8Array) => crypto.createHash("sha256").update(data).digest("hex");

type Dose = { enrolments: number; completions: number; onlineHours: number; sessions: number; liveHours: number; treatment: boolean };

/** The files of an evaluation's export, as text, and what they hold. */
export async function evaluationFiles(evaluationId: string) {
  const evaluation = await prisma.evaluation.findUnique({
    where: { id: evaluationId },
    select: {
      id: true,
      name: true,
      question: true,
      startsOn: true,
      endsOn: true,
      comparisonRegion: true,
      assignmentMethod: true,
      assignedOn: true,
      lockedAt: true,
      pseudonymKey: true,
      activities: { select: { subject: true } },
    },
  });
  if (!evaluation) throw new AppError("not-found", "Evaluation not found");
  if (!evaluation.lockedAt) throw new AppError("conflict", "Lock the arms before exporting: until then the assignment can still change.");
  const arms = await armsOf(evaluation);

  // Teachers: each person's first organisation (as in the impact report), when it is a school in an arm.
  const organisations = await prisma.organisation.findMany({ where: { urn: { not: null } }, select: { id: true, urn: true } });
  const canonical = new Map(
    (
      await prisma.school.findMany({
        where: { urn: { in: [...new Set(organisations.map((o) => o.urn!))] } },
        select: { urn: true, canonicalUrn: true },
      })
    ).map((s) => [s.urn, s.canonicalUrn]),
  );
  const orgArm = new Map(
    organisations.flatMap((o) => {
      const key = canonical.get(o.urn!) ?? o.urn!;
      return arms.has(key) ? [[o.id, key] as const] : [];
    }),
  );
  const memberships = await prisma.membership.findMany({
    where: { organisationId: { in: [...orgArm.keys()] } },
    select: { userId: true },
  });
  const firsts = await prisma.membership.findMany({
    where: { userId: { in: [...new Set(memberships.map((m) => m.userId))] } },
    select: { userId: true, organisationId: true, joinedAt: true },
    orderBy: [{ joinedAt: "asc" }, { organisationId: "asc" }],
  });
  // Only the first organisation counts: someone whose first is not a school in an arm is not in one.
  const schoolOf = new Map<string, number>();
  const seen = new Set<string>();
  for (const m of firsts) {
    if (seen.has(m.userId)) continue;
    seen.add(m.userId);
    const key = orgArm.get(m.organisationId);
    if (key !== undefined) schoolOf.set(m.userId, key);
  }
  const teacherIds = [...schoolOf.keys()];

  // Dose in the period.
  const fromAt = londonInstant(evaluation.startsOn, "00:00");
  const toAt = londonInstant(nextDay(evaluation.endsOn), "00:00");
  const inPeriod = { gte: fromAt, lt: toAt };
  const treatmentSubjects = new Set(evaluation.activities.map((a) => a.subject));
  const isTreatment = (subject: string) => !treatmentSubjects.size || treatmentSubjects.has(subject);
  const [enrolments, completions, attendance, bookings] = await Promise.all([
    prisma.enrolment.findMany({ where: { userId: { in: teacherIds }, enrolledAt: inPeriod }, select: { userId: true, moduleId: true } }),
    prisma.enrolment.findMany({
      where: { userId: { in: teacherIds }, completedAt: inPeriod },
      select: { userId: true, moduleId: true, module: { select: { currentVersion: { select: { cpdHours: true } } } } },
    }),
    prisma.eventAttendance.findMany({
      where: { status: { not: AttendanceStatus.absent }, booking: { userId: { in: teacherIds } } },
      select: {
        sessionKey: true,
        booking: {
          select: {
            id: true,
            userId: true,
            eventId: true,
            event: { select: { cpdHours: true, sessions: { select: { key: true, startsAt: true } } } },
          },
        },
      },
    }),
    prisma.eventBooking.findMany({
      where: { userId: { in: teacherIds }, status: BookingStatus.confirmed, event: { sessions: { some: { startsAt: inPeriod } } } },
      select: { userId: true, eventId: true },
    }),
  ]);
  const dose = new Map<string, Dose>(
    teacherIds.map((id) => [id, { enrolments: 0, completions: 0, onlineHours: 0, sessions: 0, liveHours: 0, treatment: false }]),
  );
  for (const e of enrolments) {
    const d = dose.get(e.userId)!;
    d.enrolments++;
    if (isTreatment(`module:${e.moduleId}`)) d.treatment = true;
  }
  for (const c of completions) {
    const d = dose.get(c.userId)!;
    d.completions++;
    d.onlineHours += c.module.currentVersion?.cpdHours ?? 0;
    if (isTreatment(`module:${c.moduleId}`)) d.treatment = true;
  }
  for (const b of bookings) if (isTreatment(`event:${b.eventId}`)) dose.get(b.userId)!.treatment = true;
  const perBooking = new Map<string, { userId: string; eventId: string; cpdHours: number; total: number; n: number }>();
  for (const a of attendance) {
    const session = a.booking.event.sessions.find((s) => s.key === a.sessionKey);
    if (!session || session.startsAt < fromAt || session.startsAt >= toAt) continue;
    const entry = perBooking.get(a.booking.id) ?? {
      userId: a.booking.userId,
      eventId: a.booking.eventId,
      cpdHours: a.booking.event.cpdHours,
      total: a.booking.event.sessions.length,
      n: 0,
    };
    entry.n++;
    perBooking.set(a.booking.id, entry);
  }
  for (const b of perBooking.values()) {
    const d = dose.get(b.userId)!;
    d.sessions += b.n;
    d.liveHours += attendedHours(b.cpdHours, b.total, b.n);
    if (isTreatment(`event:${b.eventId}`)) d.treatment = true;
  }

  // teachers.csv, in pseudonym order (nothing about the order of accounts leaks).
  const teacherRows = teacherIds
    .map((id) => {
      const school = arms.get(schoolOf.get(id)!)!;
      const d = dose.get(id)!;
      return [
        pseudonym(evaluation.pseudonymKey, id),
        school.urn,
        school.arm,
        yesNo(!!school.withdrawnOn),
        d.enrolments,
        d.completions,
        hours(d.onlineHours),
        d.sessions,
        hours(d.liveHours),
        yesNo(d.treatment),
        yesNo(school.arm === "control" && d.treatment),
      ] as (string | number)[];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  // schools.csv: every school of every arm, with or without teachers on Pathways.
  const schoolRows = [...arms.entries()]
    .sort(([, a], [, b]) => a.arm.localeCompare(b.arm) || a.urn - b.urn)
    .map(([key, school]) => {
      const staff = teacherIds.filter((id) => schoolOf.get(id) === key).map((id) => dose.get(id)!);
      const sum = (f: (d: Dose) => number) => staff.reduce((total, d) => total + f(d), 0);
      return [
        school.urn,
        school.arm,
        school.withdrawnOn ?? "",
        school.phase,
        school.region,
        school.laName,
        staff.length,
        staff.filter((d) => d.enrolments + d.completions + d.sessions > 0).length,
        sum((d) => d.completions),
        sum((d) => d.sessions),
        hours(sum((d) => d.onlineHours + d.liveHours)),
        school.arm === "control" ? staff.filter((d) => d.treatment).length : 0,
      ] as (string | number)[];
    });

  const files = {
    "teachers.csv": toCsv(exportColumns("teachers.csv"), teacherRows),
    "schools.csv": toCsv(exportColumns("schools.csv"), schoolRows),
    "data-dictionary.csv": toCsv(
      ["file", "column", "type", "meaning"],
      Object.entries(DATA_DICTIONARY).flatMap(([file, columns]) => columns.map(([column, type, meaning]) => [file, column, type, meaning])),
    ),
  };
  return {
    evaluation,
    files,
    rows: { "teachers.csv": teacherRows.length, "schools.csv": schoolRows.length },
    armCounts: Object.fromEntries(
      [...Object.keys(ARMS), COMPARISON].map((arm) => [arm, [...arms.values()].filter((s) => s.arm === arm).length]),
    ),
  };
}

/**
 * Builds the export, logs it, and returns the zip. The log row is written before the file is
 * handed over; if logging fails, nothing is handed over.
 */
export async function exportEvaluation(
  evaluationId: string,
  by: { id: string; name: string },
  request: { purpose: string; agreementRef: string },
  now = new Date(),
): Promise<{ zip: Uint8Array; filename: string; exportId: string }> {
  const { evaluation, files, rows, armCounts } = await evaluationFiles(evaluationId);
  const exportId = crypto.randomUUID();
  const manifest = {
    export: exportId,
    evaluation: { id: evaluation.id, name: evaluation.name, question: evaluation.question },
    period: { from: evaluation.startsOn, to: evaluation.endsOn },
    assignment: {
      method: ASSIGNMENT_METHODS[evaluation.assignmentMethod as AssignmentMethod] ?? evaluation.assignmentMethod,
      assignedOn: evaluation.assignedOn,
      lockedAt: evaluation.lockedAt!.toISOString(),
      comparisonRegion: evaluation.comparisonRegion,
      schools: armCounts,
      analysis: "Intention to treat: a school that withdrew stays in the arm it was assigned to.",
    },
    exportedAt: now.toISOString(),
    exportedBy: by.name,
    purpose: request.purpose,
    dataSharingAgreement: request.agreementRef,
    pseudonyms:
      "Teachers are identified only by a keyed hash (HMAC-SHA-256) of their Pathways id under this evaluation's own key: the same across this evaluation's exports, different in every other evaluation, not reversible without the key, which never leaves Pathways. No names or email addresses are included.",
    files: Object.entries(files).map(([file, text]) => ({
      file,
      rows: rows[file as keyof typeof rows] ?? text.split("\r\n").length - 2,
      sha256: sha256(text),
    })),
    codeVersion: `pathways ${pkg.version}`,
  };
  const zip = new JSZip();
  for (const [file, text] of Object.entries(files)) zip.file(file, text, { date: now });
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`, { date: now });
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", platform: "UNIX" });
  const fields = Object.fromEntries(
    Object.keys(DATA_DICTIONARY).map((file) => [file, exportColumns(file as keyof typeof DATA_DICTIONARY)]),
  );
  await prisma.evaluationExport.create({
    data: {
      id: exportId,
      evaluationId,
      userId: by.id,
      byName: by.name,
      createdAt: now,
      purpose: request.purpose,
      agreementRef: request.agreementRef,
      fields: JSON.stringify(fields),
      rows: rows["teachers.csv"] + rows["schools.csv"],
      sha256: sha256(bytes),
    },
  });
  return { zip: bytes, filename: `pathways-evaluation-${evaluation.id}-${now.toISOString().slice(0, 10)}.zip`, exportId };
}
