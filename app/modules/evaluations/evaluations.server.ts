/**
 * Evaluations (docs/decisions/0064): an admin sets one up, puts schools (by URN, from GIAS) in the
 * treatment and control arms, and locks the assignment; from then on the arms never change, and a
 * school that drops out is marked withdrawn in its arm (intention to treat). Callers check the
 * role (admin to change, admin or evaluator to read); every write here checks the lock in the
 * same statement that takes the evaluation's row, so a lock and a change cannot cross.
 */
import crypto from "node:crypto";
import type { Prisma } from "~/generated/prisma/client.ts";
import { activityChoices } from "~/modules/impact/choices.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { COMPARISON, parseUrnList, type Arm, type EvaluationAction } from "./evaluation.ts";
import type { z } from "zod";
import type { CreateEvaluationSchema } from "./evaluation.ts";

export async function createEvaluation(userId: string, input: z.output<typeof CreateEvaluationSchema>): Promise<string> {
  const evaluation = await prisma.evaluation.create({
    data: {
      name: input.name,
      question: input.question,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      assignmentMethod: input.assignmentMethod,
      comparisonRegion: input.comparisonRegion || null,
      pseudonymKey: crypto.randomBytes(32).toString("hex"),
      createdById: userId,
      activities: { create: [...new Set(input.activities)].map((subject) => ({ subject })) },
    },
    select: { id: true },
  });
  return evaluation.id;
}

export function listEvaluations() {
  return prisma.evaluation.findMany({
    select: { id: true, name: true, startsOn: true, endsOn: true, lockedAt: true, _count: { select: { schools: true, exports: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
}

/** Open secondary schools (by GIAS phase) of `region`: the comparison arm before the assigned schools are taken out. */
export function regionSecondarySchools(region: string) {
  return prisma.school.findMany({
    where: { region, status: "Open", phase: { in: ["Secondary", "All-through"] } },
    select: { urn: true, canonicalUrn: true, name: true, phase: true, region: true, laName: true },
    orderBy: { urn: "asc" },
  });
}

/** An evaluation with its arms (each school with what GIAS says of it), its activities and its export log; null if there is none. */
export async function getEvaluation(id: string) {
  const evaluation = await prisma.evaluation.findUnique({
    where: { id },
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
      createdAt: true,
      schools: { select: { urn: true, arm: true, withdrawnOn: true }, orderBy: [{ arm: "desc" }, { urn: "asc" }] },
      activities: { select: { subject: true }, orderBy: { subject: "asc" } },
      exports: {
        select: { id: true, byName: true, createdAt: true, purpose: true, agreementRef: true, rows: true, sha256: true },
        orderBy: { createdAt: "desc" },
      },
    },
  });
  if (!evaluation) return null;
  const urns = evaluation.schools.map((s) => s.urn);
  const [schools, comparison] = await Promise.all([
    prisma.school.findMany({
      where: { urn: { in: urns } },
      select: { urn: true, canonicalUrn: true, name: true, phase: true, laName: true },
    }),
    evaluation.comparisonRegion ? regionSecondarySchools(evaluation.comparisonRegion) : Promise.resolve([]),
  ]);
  // The activities by title (a module or event since removed keeps its id).
  const labels = await activityChoices();
  const byUrn = new Map(schools.map((s) => [s.urn, s]));
  const assignedCanonical = new Set(schools.map((s) => s.canonicalUrn));
  const comparisonCount = new Set(comparison.filter((s) => !assignedCanonical.has(s.canonicalUrn)).map((s) => s.canonicalUrn)).size;
  return {
    ...evaluation,
    schools: evaluation.schools.map((s) => ({ ...s, arm: s.arm as Arm, school: byUrn.get(s.urn) ?? null })),
    activities: evaluation.activities.map((a) => ({ ...a, label: labels[a.subject] ?? a.subject })),
    comparisonCount,
  };
}

type Tx = Prisma.TransactionClient;

/**
 * Takes the evaluation's row for this transaction if it is still unlocked (a write to the row, so
 * on PostgreSQL a concurrent lock waits for this change, and then sees it); refuses otherwise.
 */
async function whileUnlocked(tx: Tx, id: string): Promise<void> {
  const { count } = await tx.evaluation.updateMany({ where: { id, lockedAt: null }, data: { lockedAt: null } });
  if (count === 1) return;
  const exists = await tx.evaluation.count({ where: { id } });
  if (!exists) throw new AppError("not-found", "Evaluation not found");
  throw new AppError(
    "conflict",
    "The arms are locked: schools cannot be added, moved or removed any more. A school that drops out is marked as withdrawn instead.",
  );
}

/** What an admin does on an evaluation's page. Returns what to tell them. */
export async function applyEvaluationAction(id: string, userId: string, action: EvaluationAction): Promise<string> {
  if (action.intent === "add-schools") {
    const { urns, bad } = parseUrnList(action.urns);
    if (bad.length)
      throw new AppError("bad-request", `These are not URNs (5 to 7 digits): ${bad.slice(0, 10).join(", ")}. Nothing was added.`);
    const known = new Set((await prisma.school.findMany({ where: { urn: { in: urns } }, select: { urn: true } })).map((s) => s.urn));
    const unknown = urns.filter((u) => !known.has(u));
    if (unknown.length)
      throw new AppError(
        "bad-request",
        `No school has the URN ${unknown.slice(0, 10).join(", ")} in the imported GIAS data (Admin, Schools). Nothing was added.`,
      );
    await prisma.$transaction(async (tx) => {
      await whileUnlocked(tx, id);
      for (const urn of urns) {
        await tx.evaluationSchool.upsert({
          where: { evaluationId_urn: { evaluationId: id, urn } },
          create: { evaluationId: id, urn, arm: action.arm },
          update: { arm: action.arm },
        });
      }
    });
    return `${urns.length} ${urns.length === 1 ? "school" : "schools"} in the ${action.arm} arm.`;
  }
  if (action.intent === "remove-school") {
    await prisma.$transaction(async (tx) => {
      await whileUnlocked(tx, id);
      const { count } = await tx.evaluationSchool.deleteMany({ where: { evaluationId: id, urn: action.urn } });
      if (!count) throw new AppError("not-found", "That school is not in this evaluation.");
    });
    return `School ${action.urn} taken out of the evaluation.`;
  }
  if (action.intent === "lock") {
    return prisma.$transaction(async (tx) => {
      await whileUnlocked(tx, id);
      const arms = await tx.evaluationSchool.groupBy({ by: ["arm"], where: { evaluationId: id }, _count: { _all: true } });
      const count = (arm: Arm) => arms.find((a) => a.arm === arm)?._count._all ?? 0;
      if (!count("treatment") || !count("control"))
        throw new AppError("bad-request", "Put at least one school in the treatment arm and one in the control arm before locking.");
      await tx.evaluation.update({ where: { id }, data: { lockedAt: new Date(), lockedById: userId, assignedOn: action.assignedOn } });
      return `Arms locked, as assigned on ${action.assignedOn}. Schools stay in their arms from now on.`;
    });
  }
  // Withdrawal: before or after the lock, the school keeps its arm.
  const { count } = await prisma.evaluationSchool.updateMany({
    where: { evaluationId: id, urn: action.urn },
    data: { withdrawnOn: action.withdrawnOn },
  });
  if (!count) throw new AppError("not-found", "That school is not in this evaluation.");
  return `School ${action.urn} marked as withdrawn on ${action.withdrawnOn}. It stays in its arm for the analysis.`;
}

/** Every arm's schools by canonical URN (a converted school counts as the URN it was assigned under). */
export async function armsOf(evaluation: { id: string; comparisonRegion: string | null }) {
  const assigned = await prisma.evaluationSchool.findMany({
    where: { evaluationId: evaluation.id },
    select: { urn: true, arm: true, withdrawnOn: true },
    orderBy: { urn: "asc" },
  });
  const gias = await prisma.school.findMany({
    where: { urn: { in: assigned.map((s) => s.urn) } },
    select: { urn: true, canonicalUrn: true, phase: true, region: true, laName: true },
  });
  const giasByUrn = new Map(gias.map((s) => [s.urn, s]));
  type Member = { urn: number; arm: Arm | typeof COMPARISON; withdrawnOn: string | null; phase: string; region: string; laName: string };
  const byCanonical = new Map<number, Member>();
  for (const s of assigned) {
    const g = giasByUrn.get(s.urn);
    byCanonical.set(g?.canonicalUrn ?? s.urn, {
      urn: s.urn,
      arm: s.arm as Arm,
      withdrawnOn: s.withdrawnOn,
      phase: g?.phase ?? "",
      region: g?.region ?? "",
      laName: g?.laName ?? "",
    });
  }
  if (evaluation.comparisonRegion) {
    for (const s of await regionSecondarySchools(evaluation.comparisonRegion)) {
      if (byCanonical.has(s.canonicalUrn)) continue;
      byCanonical.set(s.canonicalUrn, {
        urn: s.urn,
        arm: COMPARISON,
        withdrawnOn: null,
        phase: s.phase,
        region: s.region,
        laName: s.laName,
      });
    }
  }
  return byCanonical;
}
