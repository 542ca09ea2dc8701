import { describe, expect, it } from "vitest";
import { createEvent, daysFromNow, eventFields, eventSource } from "../../../tests/factories/events.ts";
import { prisma } from "~/utils/db.server.ts";
import { londonMonth } from "~/utils/dates.ts";
import { getEvent, listPastEvents, listUpcomingEvents, upcomingEventsForModule } from "./events.server.ts";
import { loadEventSource } from "./load-events.server.ts";
import { publishEvent } from "./publish-events.server.ts";

/** Events published through the real loader and publisher into this file's database (both databases). */
describe("publishing and listing events", () => {
  it("lists upcoming events soonest first and past ones in the archive, with filters that narrow", async () => {
    const later = await createEvent({
      keyStages: ["KS3"],
      format: "online",
      sessions: [{ id: "s", date: daysFromNow(40), start: "16:00", end: "17:00" }],
    });
    const sooner = await createEvent({
      keyStages: ["KS1", "KS2"],
      format: "in-person",
      online: undefined,
      venue: { name: "Town library", address: "1 High Street", accessibility: "Step-free access." },
      sessions: [{ id: "s", date: daysFromNow(5), start: "09:30", end: "11:30" }],
    });
    const past = await createEvent({ sessions: [{ id: "s", date: daysFromNow(-10), start: "16:00", end: "17:00" }] });

    const all = await listUpcomingEvents();
    const ids = all.events.map((e) => e.id);
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later));
    expect(ids).not.toContain(past);
    expect((await listPastEvents()).map((e) => e.id)).toContain(past);

    expect((await listUpcomingEvents({ keyStage: ["KS1"] })).events.map((e) => e.id)).toEqual(expect.arrayContaining([sooner]));
    expect((await listUpcomingEvents({ keyStage: ["KS1"] })).events.map((e) => e.id)).not.toContain(later);
    expect((await listUpcomingEvents({ format: ["online"] })).events.map((e) => e.id)).not.toContain(sooner);
    // Values that are not in the vocabulary are ignored, and cannot widen a LIKE pattern.
    expect((await listUpcomingEvents({ keyStage: ["%"], topic: ["%"] })).events.length).toBe(all.events.length);

    const month = londonMonth(new Date(Date.now() + 40 * 86_400_000)).value;
    const inMonth = (await listUpcomingEvents({ month: [month] })).events.map((e) => e.id);
    expect(inMonth).toContain(later);
    expect(all.facets.months.map((m) => m.value)).toContain(month);
    expect(all.facets.formats.map((f) => f.value)).toEqual(expect.arrayContaining(["in-person", "online"]));
  });

  it("keeps a session's id when its time changes and raises its sequence; unchanged files write nothing", async () => {
    const fields = eventFields({ sessions: [{ id: "main", date: daysFromNow(20), start: "16:00", end: "17:00" }] });
    const first = await loadEventSource(`${String(fields.id)}.md`, eventSource(fields));
    if (!first.ok) throw new Error("refused");
    expect(await publishEvent(first.event)).toBe("published");
    expect(await publishEvent(first.event)).toBe("unchanged");

    const moved = { ...fields, sessions: [{ id: "main", date: daysFromNow(21), start: "15:30", end: "16:30" }] };
    const second = await loadEventSource(`${String(fields.id)}.md`, eventSource(moved));
    if (!second.ok) throw new Error("refused");
    expect(await publishEvent(second.event)).toBe("updated");
    const [session] = await prisma.eventSession.findMany({ where: { eventId: String(fields.id) } });
    expect(session).toMatchObject({ key: "main", sequence: 1, startsAt: second.event.times[0]!.startsAt });

    // A retitled session that keeps its time keeps its sequence.
    const retitled = { ...moved, title: "A new title for the same session" };
    const third = await loadEventSource(`${String(fields.id)}.md`, eventSource(retitled));
    if (!third.ok) throw new Error("refused");
    await publishEvent(third.event);
    expect((await prisma.eventSession.findFirstOrThrow({ where: { eventId: String(fields.id) } })).sequence).toBe(1);
  });

  it("shows an event's page data with linked modules, and the module's upcoming events", async () => {
    const moduleId = `linked-${Date.now()}`;
    await prisma.module.create({ data: { id: moduleId } });
    const version = await prisma.moduleVersion.create({
      data: {
        moduleId,
        number: 1,
        contentHash: "h",
        title: "A linked module",
        summary: "Summary of the linked module.",
        descriptionHtml: "",
        cpdHours: 1,
        totalMinutes: 60,
        audience: ",primary-teachers,",
        keyStages: ",KS2,",
        topics: ",x,",
        searchText: "",
        meta: "{}",
      },
    });
    await prisma.module.update({ where: { id: moduleId }, data: { currentVersionId: version.id } });
    const id = await createEvent({ modules: { prepare: [moduleId], followUp: ["not-published"] } });

    const event = await getEvent(id);
    expect(event).toMatchObject({
      id,
      past: false,
      cancelled: false,
      modules: [{ id: moduleId, title: "A linked module", relation: "prepare" }],
    });
    expect(event?.meta.organisers).toEqual([{ name: "Pathways programme team" }]);
    expect(await getEvent("no-such-event")).toBeNull();

    expect(await upcomingEventsForModule(moduleId)).toEqual([expect.objectContaining({ id, relation: "prepare", formatLabel: "Online" })]);
  });
});
