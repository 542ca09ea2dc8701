/**
 * Creating and changing events in the browser (docs/decisions/0059). The form becomes the event's
 * file text and goes through the same loader and publisher as files under events/; the editor adds
 * the checks that need the live event, made under its lock: nobody changed it since the form was
 * opened, capacity not below the places already taken, sessions that have started left as they were.
 * A change of time or venue emails everyone booked an updated calendar entry (afterEventChanged).
 * Callers check the organiser (or admin) role; these functions do not.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseAuthorYaml } from "~/modules/catalog/author-yaml.ts";
import { splitFrontMatter } from "~/modules/catalog/yaml-locations.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { BookingStatus } from "./bookings.ts";
import {
  editorToEventFile,
  eventFileToEditor,
  eventIdForTitle,
  eventSourceText,
  problemsToFormErrors,
  type EventEditorValue,
} from "./event-editor.ts";
import { loadEventSource } from "./load-events.server.ts";
import { publishedModuleIds, publishEvent, type PublishStatus } from "./publish-events.server.ts";

/** events/ beside the running app (the server and the tests run from the repository root). */
const EVENTS_DIR = path.resolve("events");

export type EditableEvent = {
  id: string;
  title: string;
  baseHash: string;
  value: EventEditorValue;
  origin: string;
  cancelled: boolean;
};

/** An event as the editor starts from it: its file text, read back into the form's fields. Null if there is none. */
export async function getEventForEditing(eventId: string): Promise<EditableEvent | null> {
  const event = await prisma.event.findUnique({
    where: { id: eventId },
    select: { id: true, title: true, contentHash: true, sourceText: true, source: true, cancelledAt: true },
  });
  if (!event) return null;
  if (event.sourceText === null)
    throw new AppError(
      "conflict",
      "This event's file has not been read since Pathways was updated. It will be when the server next starts.",
    );
  const split = splitFrontMatter(event.sourceText);
  if ("error" in split) throw new AppError("internal", `The stored text of event ${event.id} has no front matter.`);
  return {
    id: event.id,
    title: event.title,
    baseHash: event.contentHash,
    value: eventFileToEditor(parseAuthorYaml(split.frontMatter).toJS(), split.body.trim()),
    origin: event.source,
    cancelled: event.cancelledAt !== null,
  };
}

/** The ids of the files under events/, published yet or not: a new event never takes one. */
async function fileEventIds(root = EVENTS_DIR): Promise<Set<string>> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  return new Set(names.filter((n) => n.endsWith(".md") && n !== "README.md").map((n) => n.slice(0, -3)));
}

export type EditorOutcome =
  { ok: true; eventId: string; status: PublishStatus } | { ok: false; fieldErrors: Record<string, string[]>; formErrors: string[] };

class Refusal extends Error {
  constructor(
    readonly fieldErrors: Record<string, string[]>,
    readonly formErrors: string[] = [],
  ) {
    super("refused");
  }
}

/**
 * Creates (eventId null) or changes an event from the editor's form. Bad input comes back as the
 * form's errors and writes nothing; a change that passes is published in one transaction.
 */
export async function saveEventFromEditor({
  eventId,
  value,
  now = new Date(),
}: {
  eventId: string | null;
  value: EventEditorValue;
  now?: Date;
}): Promise<EditorOutcome> {
  let id: string;
  if (eventId === null) {
    const published = await prisma.event.findMany({ select: { id: true } });
    id = eventIdForTitle(value.title ?? "", new Set([...published.map((e) => e.id), ...(await fileEventIds())]));
  } else {
    const current = await prisma.event.findUnique({ where: { id: eventId }, select: { cancelledAt: true } });
    if (!current) throw new AppError("not-found", "There is no such event.");
    if (current.cancelledAt)
      return { ok: false, fieldErrors: {}, formErrors: ["This event is cancelled, so it can no longer be changed."] };
    id = eventId;
  }
  const { fields, body, layout } = editorToEventFile(value, id);
  const loaded = await loadEventSource(`${id}.md`, eventSourceText(fields, body), await publishedModuleIds());
  if (!loaded.ok) return { ok: false, ...problemsToFormErrors(loaded.problems, layout) };
  const event = loaded.event;

  try {
    const status = await publishEvent(event, {
      origin: "browser",
      guard: async (tx, existing) => {
        if (eventId === null) {
          if (existing) throw new Refusal({}, ["Another event took this title's web address a moment ago. Save again."]);
          return;
        }
        if (!existing) throw new AppError("not-found", "There is no such event.");
        if (existing.cancelledAt) throw new Refusal({}, ["This event is cancelled, so it can no longer be changed."]);
        if (existing.contentHash !== value.baseHash)
          throw new Refusal({}, [
            "Someone else changed this event after you opened it, so your changes were not saved. Copy what you need from the form, then open the event's edit page again to see their version.",
          ]);
        const booked = await tx.eventBooking.count({ where: { eventId: id, status: BookingStatus.confirmed } });
        if (event.capacity < booked)
          throw new Refusal({
            capacity: [
              `${booked} people already have places, so the capacity cannot be less than ${booked}. To take places away, cancel bookings with the people concerned first.`,
            ],
          });
        // What has happened stays as it happened: registers and certificates refer to it.
        const started = await tx.eventSession.findMany({ where: { eventId: id, startsAt: { lte: now } } });
        const fieldErrors: Record<string, string[]> = {};
        for (const session of started) {
          const index = event.sessions.findIndex((s) => s.id === session.key);
          const after = event.times.find((s) => s.id === session.key);
          const same =
            after && after.startsAt.getTime() === session.startsAt.getTime() && after.endsAt.getTime() === session.endsAt.getTime();
          if (same) continue;
          const message = `This session has already started, so its date and times cannot change${after ? "" : " and it cannot be removed"}.`;
          if (index >= 0) (fieldErrors[`sessions[${layout.sessions[index]}].date`] ??= []).push(message);
          else (fieldErrors.sessions ??= []).push(`"${session.title ?? session.key}" ${message.replace("This session ", "")}`);
        }
        if (Object.keys(fieldErrors).length) throw new Refusal(fieldErrors);
      },
    });
    return { ok: true, eventId: id, status };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, fieldErrors: error.fieldErrors, formErrors: error.formErrors };
    throw error;
  }
}

/** The event's file text, to bring the file under events/ up to date (or start one). Null if there is none. */
export async function getEventFile(eventId: string): Promise<{ name: string; text: string } | null> {
  const event = await prisma.event.findUnique({ where: { id: eventId }, select: { id: true, sourceText: true } });
  if (!event?.sourceText) return null;
  return { name: `${event.id}.md`, text: event.sourceText };
}

/** Published modules an event may link to, id → title, by title. */
export async function linkableModules(): Promise<Record<string, string>> {
  const modules = await prisma.module.findMany({
    where: { currentVersionId: { not: null } },
    select: { id: true, currentVersion: { select: { title: true } } },
  });
  return Object.fromEntries(
    modules.map((m) => [m.id, m.currentVersion?.title ?? m.id] as const).sort((a, b) => a[1].localeCompare(b[1], "en-GB")),
  );
}
