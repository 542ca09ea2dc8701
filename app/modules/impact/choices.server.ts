import { prisma } from "~/utils/db.server.ts";

type Options = Record<string, string>;

/** The programmes, modules, live events and (from GIAS) regions, local authorities and phases the report can be narrowed to. */
export async function impactChoices(): Promise<{
  programmes: Options;
  modules: Options;
  events: Options;
  regions: Options;
  localAuthorities: Options;
  phases: Options;
}> {
  const distinct = async (field: "region" | "laName" | "phase"): Promise<Options> => {
    const rows = await prisma.school.findMany({ distinct: [field], select: { [field]: true }, orderBy: { [field]: "asc" } });
    return Object.fromEntries(
      rows
        .map((r) => (r as Record<string, string>)[field]!)
        .filter(Boolean)
        .map((v) => [v, v]),
    );
  };
  const [regions, localAuthorities, phases] = await Promise.all([distinct("region"), distinct("laName"), distinct("phase")]);
  const [programmes, modules, events] = await Promise.all([
    prisma.programme.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
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
    programmes: Object.fromEntries(programmes.map((p) => [p.id, p.name])),
    modules: Object.fromEntries(
      modules.map((m) => [m.id, m.currentVersion?.title ?? m.id] as const).sort((a, b) => a[1].localeCompare(b[1], "en-GB")),
    ),
    events: Object.fromEntries(events.map((e) => [e.id, e.title])),
    regions,
    localAuthorities,
    phases,
  };
}

/** Every published module and live event as "module:<id>" / "event:<id>" and a label, for the programme and evaluation forms. */
export async function activityChoices(): Promise<Record<string, string>> {
  const choices = await impactChoices();
  return {
    ...Object.fromEntries(Object.entries(choices.modules).map(([id, title]) => [`module:${id}`, `Module: ${title}`])),
    ...Object.fromEntries(Object.entries(choices.events).map(([id, title]) => [`event:${id}`, `Live event: ${title}`])),
  };
}
