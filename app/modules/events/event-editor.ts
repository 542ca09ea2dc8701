/**
 * The organisers' event editor (docs/decisions/0059): a form whose fields are the event file's, turned
 * into the same file text (YAML front matter and the Markdown description) and checked by the same
 * loader as files under events/, so the browser and files can never disagree about what an event may
 * be. Pure: the server part (event-editor.server.ts) loads, checks under the lock and publishes.
 *
 * Lists of rows (sessions, phases) are numbered fields (`sessions[0].date`), so the form works without
 * JavaScript; empty rows are ignored. People and partners are one per line, parts separated by "|".
 */
import { stringify } from "yaml";
import { z } from "zod";
import { ID_MAX_LENGTH, ID_PATTERN, isRecord } from "~/modules/catalog/course-format.ts";
import type { CourseProblem } from "~/modules/catalog/load-course.server.ts";

const optionalText = z.string().optional();
const row = <T extends z.ZodRawShape>(shape: T) => z.array(z.object(shape).optional()).optional();

export const SESSION_FIELDS = ["id", "title", "date", "start", "end"] as const;
export const PHASE_FIELDS = ["title", "from", "until", "summary"] as const;

/**
 * What the form sends. Every field is optional here: the event file's schema decides what is missing
 * or wrong, with the same messages an organiser writing a file gets.
 */
export const EventEditorSchema = z.object({
  baseHash: optionalText,
  title: optionalText,
  summary: optionalText,
  description: optionalText,
  format: optionalText,
  audience: z.array(z.string()).optional(),
  keyStages: z.array(z.string()).optional(),
  topics: optionalText,
  partners: optionalText,
  organisers: optionalText,
  facilitators: optionalText,
  cpdHours: optionalText,
  capacity: optionalText,
  attendanceThreshold: optionalText,
  venueName: optionalText,
  venueAddress: optionalText,
  venueAccessibility: optionalText,
  platform: optionalText,
  bookingOpens: optionalText,
  bookingCloses: optionalText,
  sessions: row(
    Object.fromEntries(SESSION_FIELDS.map((f) => [f, optionalText])) as Record<(typeof SESSION_FIELDS)[number], typeof optionalText>,
  ),
  phases: row(Object.fromEntries(PHASE_FIELDS.map((f) => [f, optionalText])) as Record<(typeof PHASE_FIELDS)[number], typeof optionalText>),
  prepare: z.array(z.string()).optional(),
  followUp: z.array(z.string()).optional(),
});
export type EventEditorValue = z.output<typeof EventEditorSchema>;
type Row = Record<string, string | undefined> | undefined;

/** The form's text for a list of people or partners: one per line, "name | role" (| url or | fictional). */
type LineMap = number[];

const clean = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** A number if the text is one; otherwise the text, so that the schema says what is wrong with it. */
function numberOrText(value: string | undefined): number | string | undefined {
  const text = clean(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function lines(value: string | undefined): { parts: string[]; line: number }[] {
  return (value ?? "")
    .split(/\r?\n/)
    .map((text, index) => ({ parts: text.split("|").map((p) => p.trim()), line: index + 1 }))
    .filter(({ parts }) => parts.some(Boolean));
}

function people(value: string | undefined): { list: Record<string, unknown>[]; lineMap: LineMap } {
  const rows = lines(value);
  return {
    list: rows.map(({ parts: [name, role, ...rest] }) => ({
      name: name ?? "",
      ...(role ? { role } : {}),
      ...(rest.some((p) => p.toLowerCase() === "fictional") ? { fictional: true } : {}),
    })),
    lineMap: rows.map((r) => r.line),
  };
}

function partners(value: string | undefined): { list: Record<string, unknown>[]; lineMap: LineMap } {
  const rows = lines(value);
  return {
    list: rows.map(({ parts: [name, ...rest] }) => {
      const url = rest.find((p) => /^[a-z]+:\/\//i.test(p));
      const role = rest.find((p) => p && p !== url);
      return { name: name ?? "", ...(role ? { role } : {}), ...(url ? { url } : {}) };
    }),
    lineMap: rows.map((r) => r.line),
  };
}

const isBlank = (r: Row) => !r || Object.entries(r).every(([key, v]) => key === "id" || !clean(v));

/** Where each item of a list came from in the form: its row or line, so problems land on the right field. */
export type EditorLayout = {
  sessions: number[];
  phases: number[];
  partners: LineMap;
  organisers: LineMap;
  facilitators: LineMap;
};

/**
 * The event file's fields from the form, in the order the events README shows them. New sessions get
 * ids no other session of the event has ("session-2"); a session's id never changes once given, so
 * bookings, registers and calendar entries keep pointing at it.
 */
export function editorToEventFile(
  value: EventEditorValue,
  id: string,
): { fields: Record<string, unknown>; body: string; layout: EditorLayout } {
  const sessionRows = (value.sessions ?? []).map((r, index) => ({ r, index })).filter(({ r }) => !isBlank(r));
  const phaseRows = (value.phases ?? []).map((r, index) => ({ r, index })).filter(({ r }) => !isBlank(r));
  const usedIds = new Set(sessionRows.map(({ r }) => clean(r?.id)).filter(Boolean));
  let next = 1;
  const freshId = () => {
    while (usedIds.has(`session-${next}`)) next++;
    usedIds.add(`session-${next}`);
    return `session-${next}`;
  };
  const partnerList = partners(value.partners);
  const organiserList = people(value.organisers);
  const facilitatorList = people(value.facilitators);
  const topics = (value.topics ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const venue = [value.venueName, value.venueAddress, value.venueAccessibility].some(clean)
    ? { name: clean(value.venueName) ?? "", address: clean(value.venueAddress) ?? "", accessibility: clean(value.venueAccessibility) ?? "" }
    : undefined;
  const booking =
    clean(value.bookingOpens) || clean(value.bookingCloses)
      ? {
          ...(clean(value.bookingOpens) ? { opens: clean(value.bookingOpens) } : {}),
          ...(clean(value.bookingCloses) ? { closes: clean(value.bookingCloses) } : {}),
        }
      : undefined;
  const prepare = value.prepare?.filter(Boolean) ?? [];
  const followUp = value.followUp?.filter(Boolean) ?? [];
  const fields: Record<string, unknown> = {
    id,
    title: clean(value.title) ?? "",
    summary: clean(value.summary) ?? "",
    format: clean(value.format) ?? "",
    audience: value.audience ?? [],
    keyStages: value.keyStages ?? [],
    topics,
    ...(partnerList.list.length ? { partners: partnerList.list } : {}),
    organisers: organiserList.list,
    ...(facilitatorList.list.length ? { facilitators: facilitatorList.list } : {}),
    cpdHours: numberOrText(value.cpdHours) ?? "",
    capacity: numberOrText(value.capacity) ?? "",
    ...(clean(value.attendanceThreshold) ? { attendanceThreshold: numberOrText(value.attendanceThreshold) } : {}),
    ...(venue ? { venue } : {}),
    ...(clean(value.platform) ? { online: { platform: clean(value.platform) } } : {}),
    ...(booking ? { booking } : {}),
    sessions: sessionRows.map(({ r }) => ({
      id: clean(r?.id) ?? freshId(),
      ...(clean(r?.title) ? { title: clean(r?.title) } : {}),
      date: clean(r?.date) ?? "",
      start: clean(r?.start) ?? "",
      end: clean(r?.end) ?? "",
    })),
    ...(phaseRows.length
      ? {
          phases: phaseRows.map(({ r }) => ({
            title: clean(r?.title) ?? "",
            from: clean(r?.from) ?? "",
            until: clean(r?.until) ?? "",
            summary: clean(r?.summary) ?? "",
          })),
        }
      : {}),
    ...(prepare.length || followUp.length
      ? { modules: { ...(prepare.length ? { prepare } : {}), ...(followUp.length ? { followUp } : {}) } }
      : {}),
  };
  return {
    fields,
    body: (value.description ?? "").replace(/\r\n/g, "\n").trim(),
    layout: {
      sessions: sessionRows.map(({ index }) => index),
      phases: phaseRows.map(({ index }) => index),
      partners: partnerList.lineMap,
      organisers: organiserList.lineMap,
      facilitators: facilitatorList.lineMap,
    },
  };
}

/** The event file's text: front matter, then the description. Empty descriptions stay empty (the check says so). */
export function eventSourceText(fields: Record<string, unknown>, body: string): string {
  return `---\n${stringify(fields, { lineWidth: 0 })}---\n\n${body ? `${body}\n` : ""}`;
}

const FLAT_FIELDS: Record<string, string> = {
  "venue.name": "venueName",
  "venue.address": "venueAddress",
  "venue.accessibility": "venueAccessibility",
  venue: "venueName",
  online: "platform",
  "online.platform": "platform",
  "booking.opens": "bookingOpens",
  "booking.closes": "bookingCloses",
  "modules.prepare": "prepare",
  "modules.followUp": "followUp",
};

/**
 * The file check's problems as the form's errors: each on the field it is about (a session's date on
 * that row's date), the rest for the whole form. A problem without a field is about the description.
 */
export function problemsToFormErrors(
  problems: readonly CourseProblem[],
  layout: EditorLayout,
): { fieldErrors: Record<string, string[]>; formErrors: string[] } {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  const add = (field: string, message: string) => (fieldErrors[field] ??= []).push(message);
  for (const problem of problems) {
    const path = problem.path;
    if (!path) {
      add("description", problem.message);
      continue;
    }
    const listed = /^(sessions|phases|partners|organisers|facilitators)(?:\[(\d+)\](?:\.(\w+))?)?/.exec(path);
    if (listed) {
      const [, list, index, field] = listed as unknown as [string, keyof EditorLayout, string | undefined, string | undefined];
      const position = index === undefined ? undefined : layout[list][Number(index)];
      if (list === "sessions" || list === "phases") {
        if (position === undefined) add(list, problem.message);
        else add(`${list}[${position}].${field ?? (list === "sessions" ? "date" : "title")}`, problem.message);
      } else add(list, position === undefined ? problem.message : `Line ${position}: ${problem.message}`);
      continue;
    }
    const flat = FLAT_FIELDS[path] ?? FLAT_FIELDS[path.replace(/\[\d+\]$/, "")] ?? path.split(/[.[]/)[0]!;
    if (flat in EventEditorSchema.shape) add(flat, problem.message);
    else formErrors.push(problem.message);
  }
  return { fieldErrors, formErrors };
}

const asString = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
const asList = (v: unknown) => (Array.isArray(v) ? v : []);
const asRecord = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});

function personLine(p: unknown, withUrl = false): string {
  const person = asRecord(p);
  const parts = [asString(person.name), asString(person.role)];
  if (withUrl && person.url) parts.push(asString(person.url));
  if (person.fictional === true) parts.push("fictional");
  while (parts.length > 1 && !parts[parts.length - 1]) parts.pop();
  return parts.join(" | ");
}

/** The form's starting values from an event file's front matter and description. `extraRows` blank rows follow the sessions. */
export function eventFileToEditor(front: unknown, description: string, { extraRows = 2 } = {}): EventEditorValue {
  const f = asRecord(front);
  const venue = asRecord(f.venue);
  const booking = asRecord(f.booking);
  const modules = asRecord(f.modules);
  const blank = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, ""])) as Record<K, string>;
  return {
    title: asString(f.title),
    summary: asString(f.summary),
    description,
    format: asString(f.format),
    audience: asList(f.audience).map(asString),
    keyStages: asList(f.keyStages).map(asString),
    topics: asList(f.topics).map(asString).join(", "),
    partners: asList(f.partners)
      .map((p) => personLine(p, true))
      .join("\n"),
    organisers: asList(f.organisers)
      .map((p) => personLine(p))
      .join("\n"),
    facilitators: asList(f.facilitators)
      .map((p) => personLine(p))
      .join("\n"),
    cpdHours: asString(f.cpdHours),
    capacity: asString(f.capacity),
    attendanceThreshold: asString(f.attendanceThreshold),
    venueName: asString(venue.name),
    venueAddress: asString(venue.address),
    venueAccessibility: asString(venue.accessibility),
    platform: asString(asRecord(f.online).platform),
    bookingOpens: asString(booking.opens),
    bookingCloses: asString(booking.closes),
    sessions: [
      ...asList(f.sessions).map((s) => {
        const session = asRecord(s);
        return Object.fromEntries(SESSION_FIELDS.map((k) => [k, asString(session[k])]));
      }),
      ...Array.from({ length: extraRows }, () => blank(SESSION_FIELDS)),
    ],
    phases: [
      ...asList(f.phases).map((p) => {
        const phase = asRecord(p);
        return Object.fromEntries(PHASE_FIELDS.map((k) => [k, asString(phase[k])]));
      }),
      blank(PHASE_FIELDS),
    ],
    prepare: asList(modules.prepare).map(asString),
    followUp: asList(modules.followUp).map(asString),
  };
}

/** A new event's starting values: one session row to fill and a blank phase row. */
export function emptyEditor(organiser: string): EventEditorValue {
  return eventFileToEditor({ organisers: [{ name: organiser }], attendanceThreshold: 75 }, "", { extraRows: 1 });
}

/** Ids the router or the organisers' pages use for themselves. */
const RESERVED_IDS = new Set(["new"]);

/**
 * An id for a new event from its title ("Teaching GCSE Python: a twilight" → teaching-gcse-python-a-twilight),
 * not one of `taken` (published events and files under events/), "-2", "-3"… added when needed.
 */
export function eventIdForTitle(title: string, taken: ReadonlySet<string>): string {
  const base =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, ID_MAX_LENGTH - 4)
      .replace(/-+$/, "") || "event";
  let id = base;
  for (let n = 2; taken.has(id) || RESERVED_IDS.has(id) || !ID_PATTERN.test(id); n++) id = `${base}-${n}`;
  return id;
}
