import { prisma } from "~/utils/db.server.ts";

/** The modules and live events the report can be narrowed to, id → title. Two queries. */
export async function impactChoices(): Promise<{ modules: Record<string, string>; events: Record<string, string> }> {
  const [modules, events] = await Promise.all([
    prisma.module.findMany({
      where: { currentVersionId: { not: null } },
      select: { id: true, currentVersion: { select: { title: true } } },
    }),
    prisma.event.findMany({
      where: { cancelledAt: null },
      select: { id: true, title: true },
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
    }),
  ]);
  return {
    modules: Object.fromEntries(
      modules.map((m) => [m.id, m.currentVersion?.title ?? m.id] as const).sort((a, b) => a[1].localeCompare(b[1], "en-GB")),
    ),
    events: Object.fromEntries(events.map((e) => [e.id, e.title])),
  };
}
