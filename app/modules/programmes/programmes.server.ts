/**
 * Programmes (docs/decisions/0065): admins name a programme and choose its modules and live events;
 * the impact report can be narrowed to one. Callers check the admin role; this file does not.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import type { ProgrammeInput } from "./programme.ts";

export function listProgrammes() {
  return prisma.programme.findMany({
    select: { id: true, name: true, description: true, _count: { select: { activities: true } } },
    orderBy: { name: "asc" },
  });
}

export function getProgramme(id: string) {
  return prisma.programme.findUnique({
    where: { id },
    select: { id: true, name: true, description: true, activities: { select: { subject: true }, orderBy: { subject: "asc" } } },
  });
}

/** The module and event ids of a programme (null: there is no such programme). */
export async function programmeSubjects(id: string): Promise<{ moduleIds: string[]; eventIds: string[] } | null> {
  const programme = await prisma.programme.findUnique({ where: { id }, select: { activities: { select: { subject: true } } } });
  if (!programme) return null;
  const of = (kind: string) =>
    programme.activities.filter((a) => a.subject.startsWith(`${kind}:`)).map((a) => a.subject.slice(kind.length + 1));
  return { moduleIds: of("module"), eventIds: of("event") };
}

const nameTaken = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** Creates a programme (`id` null) or replaces one's name, description and activities, in one transaction. */
export async function saveProgramme(id: string | null, input: ProgrammeInput): Promise<string> {
  const activities = [...new Set(input.activities)].map((subject) => ({ subject }));
  try {
    if (!id) {
      const created = await prisma.programme.create({
        data: { name: input.name, description: input.description, activities: { create: activities } },
        select: { id: true },
      });
      return created.id;
    }
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.programme.updateMany({ where: { id }, data: { name: input.name, description: input.description } });
      if (!count) throw new AppError("not-found", "Programme not found");
      await tx.programmeActivity.deleteMany({ where: { programmeId: id } });
      await tx.programmeActivity.createMany({ data: activities.map((a) => ({ ...a, programmeId: id })) });
    });
    return id;
  } catch (error) {
    if (nameTaken(error)) throw new AppError("bad-request", `There is already a programme called "${input.name}". Choose another name.`);
    throw error;
  }
}
