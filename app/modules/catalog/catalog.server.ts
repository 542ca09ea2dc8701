import { prisma } from "~/utils/db.server.ts";

export type ModuleCard = {
  id: string;
  title: string;
  summary: string;
  cpdHours: number;
  keyStages: string[];
};

const splitList = (s: string) => s.split(",").filter(Boolean);

/** Modules with a published version that are not archived, newest first. */
export async function listPublishedModules({ limit }: { limit?: number } = {}): Promise<ModuleCard[]> {
  const modules = await prisma.module.findMany({
    where: { archivedAt: null, currentVersionId: { not: null } },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      currentVersion: { select: { title: true, summary: true, cpdHours: true, keyStages: true } },
    },
  });
  return modules.flatMap((m) =>
    m.currentVersion
      ? [
          {
            id: m.id,
            title: m.currentVersion.title,
            summary: m.currentVersion.summary,
            cpdHours: m.currentVersion.cpdHours,
            keyStages: splitList(m.currentVersion.keyStages),
          },
        ]
      : [],
  );
}
