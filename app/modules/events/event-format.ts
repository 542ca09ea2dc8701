/**
 * The event file format (docs/decisions/0055): one Markdown file per event under `events/`, YAML
 * front matter for what the listing and booking need, the body for the description. Pure: no file
 * system; the loader (load-events.server.ts) reads files and adds the checks that need other data
 * (linked modules exist). Messages say what is wrong and what to change, as in the course format, and
 * reuse its building blocks and vocabularies (audiences, key stages, topic slugs).
 */
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { AUDIENCES, KEY_STAGES, nonEmptyList } from "~/modules/catalog/course-format/module-file.ts";
import {
  courseErrorMap,
  isoDateSchema,
  sizedText,
  stableIdSchema,
  strictObject,
  text,
  uniqueItems,
} from "~/modules/catalog/course-format.ts";
import { TIME_ZONE } from "~/utils/dates.ts";

export const EVENT_FORMATS = ["in-person", "online", "hybrid"] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export const EVENT_FORMAT_LABELS = {
  "in-person": "In person",
  online: "Online",
  hybrid: "In person and online",
} as const satisfies Record<EventFormat, string>;

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A time of day in Europe/London, "HH:MM" (24-hour). YAML may read 09:30 as a number: quote it. */
const timeSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined ? undefined : `${JSON.stringify(issue.input)} is not a time. Write it in quotes as "HH:MM", e.g. "09:30".`,
  })
  .regex(TIME_PATTERN, { error: (issue) => `${JSON.stringify(issue.input)} is not a time. Write it as "HH:MM" (24-hour), e.g. "16:00".` });

export const sessionSchema = strictObject({
  /** Stable within the event: bookings, registers and calendar entries refer to it. */
  id: stableIdSchema,
  title: sizedText(3, 120).optional(),
  date: isoDateSchema,
  start: timeSchema,
  end: timeSchema,
}).refine((session) => !TIME_PATTERN.test(session.start) || !TIME_PATTERN.test(session.end) || session.end > session.start, {
  path: ["end"],
  error: 'The session must end after it starts. Check `start` and `end` (24-hour times, e.g. "16:00").',
});
export type EventSessionFile = z.output<typeof sessionSchema>;

const partnerSchema = strictObject({
  name: text(),
  /** What the partner brings, in a few words ("the education team of a national film archive"). */
  role: text().optional(),
  url: z.url({ protocol: /^https$/, error: "Give the partner's web address starting https://, or leave `url` out." }).optional(),
});

const personSchema = strictObject({
  name: text(),
  role: text().optional(),
  /** Fictional people in example content must be marked as such. */
  fictional: z.boolean().optional(),
});

const venueSchema = strictObject({
  name: text(),
  address: text(),
  /** Step-free access, hearing loops, parking, quiet room: what someone needs to know before booking. */
  accessibility: text(),
});

const phaseSchema = strictObject({
  title: sizedText(3, 120),
  from: isoDateSchema,
  until: isoDateSchema,
  summary: text(),
}).refine((phase) => phase.until >= phase.from, {
  path: ["until"],
  error: "`until` must not be before `from`. Swap or correct the dates.",
});

/**
 * The venue and platform rules run even when other fields have problems (as long as the format is
 * one of the three), so a file or the editor's form hears about every problem at once.
 */
const whenFormatKnown = (payload: { value: unknown }) =>
  typeof payload.value === "object" &&
  payload.value !== null &&
  (EVENT_FORMATS as readonly unknown[]).includes((payload.value as { format?: unknown }).format);

export const eventFileSchema = strictObject({
  id: stableIdSchema,
  title: sizedText(3, 120),
  summary: sizedText(10, 300),
  format: z.enum(EVENT_FORMATS),
  audience: uniqueItems(nonEmptyList(z.enum(AUDIENCES), "audience"), { what: "audience" }),
  keyStages: uniqueItems(nonEmptyList(z.enum(KEY_STAGES), "key stage"), { what: "key stage" }),
  topics: uniqueItems(nonEmptyList(stableIdSchema, "topic slug"), { what: "topic" }),
  partners: z.array(partnerSchema).default([]),
  organisers: nonEmptyList(personSchema, "organiser ({ name })"),
  facilitators: z.array(personSchema).default([]),
  cpdHours: z
    .number()
    .gt(0, { error: "CPD hours must be more than 0." })
    .max(100, { error: "CPD hours may be at most 100. Check the value." })
    .multipleOf(0.5, { error: "Use whole or half hours, e.g. 1 or 1.5." }),
  capacity: z.number().int({ error: "Capacity is a whole number of places." }).min(1).max(10_000),
  /**
   * The share of the sessions (in per cent) someone must attend for a certificate of attendance
   * (docs/decisions/0057). Below it they still earn CPD hours for the sessions they attended.
   */
  attendanceThreshold: z
    .number()
    .int({ error: "attendanceThreshold is a whole percentage, e.g. 75." })
    .min(1, { error: "attendanceThreshold is a percentage from 1 to 100, e.g. 75." })
    .max(100, { error: "attendanceThreshold is a percentage from 1 to 100, e.g. 75." })
    .default(75),
  venue: venueSchema.optional(),
  /** For online and hybrid events: the platform, shown to everyone. The joining link is not kept in files. */
  online: strictObject({ platform: text() }).optional(),
  booking: strictObject({ opens: isoDateSchema.optional(), closes: isoDateSchema.optional() }).optional(),
  sessions: uniqueItems(nonEmptyList(sessionSchema, "session ({ id, date, start, end })"), { key: "id", what: "session id" }),
  /** A programme (special project): school-based phases between the sessions, covered by one booking. */
  phases: z.array(phaseSchema).default([]),
  modules: strictObject({
    prepare: z.array(stableIdSchema).default([]),
    followUp: z.array(stableIdSchema).default([]),
  }).optional(),
})
  .refine((event) => event.format === "online" || event.venue !== undefined, {
    when: whenFormatKnown,
    path: ["venue"],
    error: "An in-person or hybrid event needs a venue: add venue with name, address and accessibility.",
  })
  .refine((event) => event.format === "in-person" || event.online !== undefined, {
    when: whenFormatKnown,
    path: ["online"],
    error: 'An online or hybrid event needs `online: { platform: "…" }` (e.g. Microsoft Teams). The joining link is added in the browser.',
  })
  .refine((event) => event.format !== "online" || event.venue === undefined, {
    when: whenFormatKnown,
    path: ["venue"],
    error: "An online event has no venue. Remove `venue`, or make the format hybrid.",
  });

export type EventFile = z.output<typeof eventFileSchema>;

export function parseEventFile(data: unknown) {
  return eventFileSchema.safeParse(data, { error: courseErrorMap });
}

/** The instant a London wall-clock time happens (British Summer Time or GMT, whichever applies that day). */
export function londonInstant(date: string, time: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, TIME_ZONE).getTime());
}

export type SessionTimes = { id: string; title: string | null; startsAt: Date; endsAt: Date };

/** The sessions as instants, earliest first. */
export function sessionTimes(event: Pick<EventFile, "sessions">): SessionTimes[] {
  return event.sessions
    .map((session) => ({
      id: session.id,
      title: session.title ?? null,
      startsAt: londonInstant(session.date, session.start),
      endsAt: londonInstant(session.date, session.end),
    }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * When booking opens and closes: from `booking.opens` (midnight, London; default: as soon as it is
 * published) until `booking.closes` (the end of that day) or, by default, the start of the first session.
 */
export function bookingWindow(event: Pick<EventFile, "booking" | "sessions">): { opensAt: Date | null; closesAt: Date } {
  const first = sessionTimes(event)[0]!.startsAt;
  const opensAt = event.booking?.opens ? londonInstant(event.booking.opens, "00:00") : null;
  const closesAt = event.booking?.closes ? new Date(londonInstant(event.booking.closes, "23:59").getTime() + 59_999) : first;
  return { opensAt, closesAt: closesAt < first ? closesAt : first };
}
