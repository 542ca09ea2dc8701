/**
 * Publishing events from files (docs/decisions/0055): a valid file becomes (or updates) its Event,
 * sessions and module links in one transaction; unchanged content writes nothing; an invalid file is
 * refused and what was published stays. A session whose time changes keeps its id and gets a higher
 * `sequence` (the calendar files' SEQUENCE), so attendees' calendars update rather than duplicate.
 */
import { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import type { CourseProblem } from "~/modules/catalog/load-course.server.ts";
import { storeList } from "~/modules/catalog/list-fields.ts";
import { afterEventChanged } from "./bookings.server.ts";
import { parseEventMeta } from "./events.server.ts";
import { loadAllEvents, type LoadedEvent } from "./load-events.server.ts";

type Tx = Prisma.TransactionClient;

export type EventPublishOutcome =
  | { file: string; eventId: string; status: "published" | "updated" | "unchanged" }
  | { file: string; status: "refused"; problems: CourseProblem[] };

/** The module ids an event may link to: every module that has been published. */
export async function publishedModuleIds(): Promise<Set<string>> {
  const modules = await prisma.module.findMany({ where: { currentVersionId: { not: null } }, select: { id: true } });
  return new Set(modules.map((m) => m.id));
}

function eventRow(event: LoadedEvent) {
  const meta = {
    partners: event.partners,
    organisers: event.organisers,
    facilitators: event.facilitators,
    venue: event.venue ?? null,
    online: event.online ?? null,
    phases: event.phases,
  };
  return {
    title: event.title,
    summary: event.summary,
    descriptionHtml: event.descriptionHtml,
    format: event.format,
    audience: storeList(event.audience),
    keyStages: storeList(event.keyStages),
    topics: storeList(event.topics),
    searchText: [event.title, event.summary, ...event.topics, ...event.partners.map((p) => p.name)].join(" ").toLowerCase(),
    cpdHours: event.cpdHours,
    capacity: event.capacity,
    attendanceThreshold: event.attendanceThreshold,
    startsAt: event.times[0]!.startsAt,
    endsAt: event.times.reduce((last, s) => (s.endsAt > last ? s.endsAt : last), event.times[0]!.endsAt),
    bookingOpensAt: event.bookingOpensAt,
    bookingClosesAt: event.bookingClosesAt,
    meta: JSON.stringify(meta),
    contentHash: event.contentHash,
  };
}

/** Where an event was last changed: its file under events/, or the organisers' editor (ADR 0059). */
export type EventOrigin = "files" | "browser";

export type PublishedEventState = {
  contentHash: string;
  meta: string;
  source: string;
  sourceText: string | null;
  cancelledAt: Date | null;
};

export type PublishOptions = {
  origin?: EventOrigin;
  /**
   * Checks made under the event's lock, before anything is written (the editor's: nobody changed the
   * event meanwhile, capacity not below the places taken, started sessions unchanged). Throw an
   * AppError to refuse; nothing is written.
   */
  guard?: (tx: Tx, existing: PublishedEventState | null) => Promise<void>;
};

export type PublishStatus = "published" | "updated" | "unchanged" | "changed-in-browser";

const STATE_SELECT = { contentHash: true, meta: true, source: true, sourceText: true, cancelledAt: true } as const;

/**
 * Publishes one event (from its file or from the editor) in one transaction. A file does not overwrite
 * an event changed in the browser since (ADR 0059): "changed-in-browser", nothing written, until the
 * file is replaced with the event's current text.
 */
export async function publishEvent(event: LoadedEvent, { origin = "files", guard }: PublishOptions = {}): Promise<PublishStatus> {
  const before = await prisma.event.findUnique({ where: { id: event.id }, select: STATE_SELECT });
  // Unchanged files write nothing (every start reads every file).
  if (!guard && before?.contentHash === event.contentHash && before.sourceText !== null && before.source === origin) return "unchanged";
  const row = eventRow(event);
  const links = (["prepare", "followUp"] as const).flatMap((relation) =>
    (event.modules?.[relation] ?? []).map((moduleId, position) => ({
      moduleId,
      relation: relation === "followUp" ? "follow-up" : "prepare",
      position,
    })),
  );
  const publish = prisma.$transaction(async (tx): Promise<PublishStatus> => {
    // The first write: it holds the event's row (its bookings' lock, ADR 0056) until the end, so the
    // checks below and the bookings they count cannot change under it. A new event has no row yet.
    await tx.event.updateMany({ where: { id: event.id }, data: { bookingRevision: { increment: 1 } } });
    const existing = await tx.event.findUnique({ where: { id: event.id }, select: STATE_SELECT });
    await guard?.(tx, existing);
    if (existing && origin === "files" && existing.source === "browser" && existing.contentHash !== event.contentHash)
      return "changed-in-browser";
    if (existing?.contentHash === event.contentHash) {
      // The same text: at most, record where it now lives (a file brought up to date with the browser's).
      await tx.event.update({ where: { id: event.id }, data: { sourceText: event.sourceText, source: origin } });
      return "unchanged";
    }
    const data = { ...row, source: origin, sourceText: event.sourceText };
    // A new venue moves every session, as a new time moves one: calendars must follow (ADR 0056).
    const oldVenue = existing ? parseEventMeta(existing.meta).venue : null;
    const venueMoved = !!existing && `${oldVenue?.name}|${oldVenue?.address}` !== `${event.venue?.name}|${event.venue?.address}`;
    if (existing) await tx.event.update({ where: { id: event.id }, data });
    else await tx.event.create({ data: { id: event.id, ...data } });
    const sessionsBefore = new Map((await tx.eventSession.findMany({ where: { eventId: event.id } })).map((s) => [s.key, s]));
    let timesChanged = false;
    for (const [position, session] of event.times.entries()) {
      const old = sessionsBefore.get(session.id);
      const moved =
        old !== undefined &&
        (venueMoved || old.startsAt.getTime() !== session.startsAt.getTime() || old.endsAt.getTime() !== session.endsAt.getTime());
      // A session added to a booked event counts as a change too: the update's REQUEST adds it.
      timesChanged ||= moved || old === undefined;
      const sessionData = { position, title: session.title, startsAt: session.startsAt, endsAt: session.endsAt };
      if (old)
        await tx.eventSession.update({
          where: { eventId_key: { eventId: event.id, key: session.id } },
          data: { ...sessionData, sequence: old.sequence + (moved ? 1 : 0) },
        });
      else await tx.eventSession.create({ data: { eventId: event.id, key: session.id, ...sessionData } });
      sessionsBefore.delete(session.id);
    }
    const removedSessions = [...sessionsBefore.values()];
    if (removedSessions.length) await tx.eventSession.deleteMany({ where: { eventId: event.id, key: { in: [...sessionsBefore.keys()] } } });
    await tx.eventModuleLink.deleteMany({ where: { eventId: event.id } });
    if (links.length) await tx.eventModuleLink.createMany({ data: links.map((link) => ({ eventId: event.id, ...link })) });
    if (existing) await afterEventChanged(tx, event.id, { timesChanged, removedSessions, change: event.contentHash });
    return existing ? "updated" : "published";
  });
  try {
    return await publish;
  } catch (error) {
    // Another server starting at the same moment published this file first.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || guard) throw error;
    const theirs = await prisma.event.findUnique({ where: { id: event.id }, select: { contentHash: true } });
    if (theirs?.contentHash !== event.contentHash) throw error;
    return "unchanged";
  }
}

/** Publishes every valid event file in `root` (modules first: events link to published modules). */
export async function publishEvents(root: string): Promise<EventPublishOutcome[]> {
  const outcomes: EventPublishOutcome[] = [];
  for (const result of await loadAllEvents(root, await publishedModuleIds())) {
    if (!result.ok) outcomes.push({ file: result.file, status: "refused", problems: result.problems });
    else {
      const status = await publishEvent(result.event);
      if (status !== "changed-in-browser") outcomes.push({ file: result.event.file, eventId: result.event.id, status });
      else
        outcomes.push({
          file: result.event.file,
          status: "refused",
          problems: [
            {
              file: result.event.file,
              message: `The event "${result.event.id}" was changed in the browser since this file was published, so the file was not published over it. Download the event's current file from Organise events (Download as a file) and replace this one with it.`,
            },
          ],
        });
    }
  }
  return outcomes;
}
