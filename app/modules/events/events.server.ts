/**
 * Event queries for the listing, the archive, an event's page and a module's page (docs/decisions/0055).
 * Each makes a small, fixed number of queries however many events there are. Cancelled events are
 * left out of the listing; an event's page still answers for them, saying so.
 */
import type { Prisma } from "~/generated/prisma/client.ts";
import { AUDIENCES, KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import {
  anyOfList,
  audienceLabel,
  byPosition,
  labelAudiences,
  labelTopics,
  listValues,
  sentenceCase,
  splitList,
  type Labelled,
} from "~/modules/catalog/list-fields.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatSessionTime, londonMonth } from "~/utils/dates.ts";
import { EVENT_FORMAT_LABELS, EVENT_FORMATS, londonInstant, type EventFile, type EventFormat } from "./event-format.ts";

export type EventFilters = {
  audience?: readonly string[];
  keyStage?: readonly string[];
  format?: readonly string[];
  topic?: readonly string[];
  /** "YYYY-MM": events with a session in that month (London time). */
  month?: readonly string[];
};

export type EventSessionView = { id: string; title: string | null; startsAt: Date; endsAt: Date; when: string };

export type EventCard = {
  id: string;
  title: string;
  summary: string;
  format: EventFormat;
  formatLabel: string;
  audience: Labelled[];
  keyStages: string[];
  topics: Labelled[];
  cpdHours: number;
  capacity: number;
  partners: string[];
  sessions: EventSessionView[];
  /** A special project: school-based phases between its sessions. */
  programme: boolean;
  startsAt: Date;
  endsAt: Date;
};

export type EventMeta = Pick<EventFile, "partners" | "organisers" | "facilitators" | "phases"> & {
  venue: EventFile["venue"] | null;
  online: EventFile["online"] | null;
};

const EMPTY_META: EventMeta = { partners: [], organisers: [], facilitators: [], phases: [], venue: null, online: null };

/** The JSON the publisher wrote (publish-events.server.ts); a damaged value shows as empty. */
export function parseEventMeta(json: string): EventMeta {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null ? { ...EMPTY_META, ...(value as Partial<EventMeta>) } : EMPTY_META;
  } catch {
    return EMPTY_META;
  }
}

const CARD_SELECT = {
  id: true,
  title: true,
  summary: true,
  format: true,
  audience: true,
  keyStages: true,
  topics: true,
  cpdHours: true,
  capacity: true,
  meta: true,
  startsAt: true,
  endsAt: true,
  sessions: { orderBy: { position: "asc" }, select: { key: true, title: true, startsAt: true, endsAt: true } },
} satisfies Prisma.EventSelect;

type CardRow = Prisma.EventGetPayload<{ select: typeof CARD_SELECT }>;

const formatLabel = (format: string) => EVENT_FORMAT_LABELS[format as EventFormat] ?? sentenceCase(format);

function toCard(row: CardRow): EventCard {
  const meta = parseEventMeta(row.meta);
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    format: row.format as EventFormat,
    formatLabel: formatLabel(row.format),
    audience: labelAudiences(row.audience),
    keyStages: splitList(row.keyStages).sort(byPosition(KEY_STAGES)),
    topics: labelTopics(row.topics),
    cpdHours: row.cpdHours,
    capacity: row.capacity,
    partners: meta.partners.map((p) => p.name),
    sessions: row.sessions.map((s) => ({
      id: s.key,
      title: s.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      when: formatSessionTime(s.startsAt, s.endsAt),
    })),
    programme: meta.phases.length > 0,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
  };
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The instants a London calendar month runs between. */
function monthRange(month: string): { gte: Date; lt: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { gte: londonInstant(`${month}-01`, "00:00"), lt: londonInstant(`${next}-01`, "00:00") };
}

function eventsWhere(filters: EventFilters): Prisma.EventWhereInput[] {
  const anyOf = (field: "audience" | "keyStages" | "topics", values: string[]) => anyOfList<Prisma.EventWhereInput>(field, values);
  const formats = listValues(filters.format, EVENT_FORMATS);
  const months = [...new Set(filters.month ?? [])].filter((m) => MONTH_PATTERN.test(m)).slice(0, 12);
  return [
    ...anyOf("audience", listValues(filters.audience, AUDIENCES)),
    ...anyOf("keyStages", listValues(filters.keyStage, KEY_STAGES)),
    ...anyOf("topics", listValues(filters.topic)),
    ...(formats.length ? [{ format: { in: formats } }] : []),
    ...(months.length ? [{ OR: months.map((m) => ({ sessions: { some: { startsAt: monthRange(m) } } })) }] : []),
  ];
}

export type EventFacets = { audiences: Labelled[]; keyStages: Labelled[]; formats: Labelled[]; topics: Labelled[]; months: Labelled[] };
export type EventListing = { events: EventCard[]; facets: EventFacets };

/**
 * Events that have not ended, soonest first, matching every filter given; the filter values on offer
 * come from all upcoming events, so choosing one never hides the others. Two queries.
 */
export async function listUpcomingEvents(filters: EventFilters = {}, { now = new Date() }: { now?: Date } = {}): Promise<EventListing> {
  const upcoming = { cancelledAt: null, endsAt: { gte: now } } satisfies Prisma.EventWhereInput;
  const [rows, facetRows] = await Promise.all([
    prisma.event.findMany({
      where: { AND: [upcoming, ...eventsWhere(filters)] },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: CARD_SELECT,
    }),
    prisma.event.findMany({
      where: upcoming,
      select: { audience: true, keyStages: true, topics: true, format: true, sessions: { select: { startsAt: true } } },
    }),
  ]);
  const sets = { audience: new Set<string>(), keyStages: new Set<string>(), topics: new Set<string>(), format: new Set<string>() };
  const months = new Map<string, string>();
  for (const row of facetRows) {
    splitList(row.audience).forEach((v) => sets.audience.add(v));
    splitList(row.keyStages).forEach((v) => sets.keyStages.add(v));
    splitList(row.topics).forEach((v) => sets.topics.add(v));
    sets.format.add(row.format);
    for (const session of row.sessions) {
      if (session.startsAt < now) continue;
      const month = londonMonth(session.startsAt);
      months.set(month.value, month.label);
    }
  }
  return {
    events: rows.map(toCard),
    facets: {
      audiences: [...sets.audience].sort(byPosition(AUDIENCES)).map((value) => ({ value, label: audienceLabel(value) })),
      keyStages: [...sets.keyStages].sort(byPosition(KEY_STAGES)).map((value) => ({ value, label: value })),
      formats: [...sets.format].sort(byPosition(EVENT_FORMATS)).map((value) => ({ value, label: formatLabel(value) })),
      topics: [...sets.topics]
        .map((value) => ({ value, label: sentenceCase(value) }))
        .sort((a, b) => a.label.localeCompare(b.label, "en-GB")),
      months: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([value, label]) => ({ value, label })),
    },
  };
}

/** Events that have ended, most recent first (the archive). */
export async function listPastEvents({ now = new Date(), limit = 50 }: { now?: Date; limit?: number } = {}): Promise<EventCard[]> {
  const rows = await prisma.event.findMany({
    where: { cancelledAt: null, endsAt: { lt: now } },
    orderBy: [{ endsAt: "desc" }, { id: "asc" }],
    take: limit,
    select: CARD_SELECT,
  });
  return rows.map(toCard);
}

export type LinkedModule = { id: string; title: string; relation: "prepare" | "follow-up" };

export type EventDetail = EventCard & {
  descriptionHtml: string;
  meta: EventMeta;
  bookingOpensAt: Date | null;
  bookingClosesAt: Date;
  cancelled: boolean;
  past: boolean;
  modules: LinkedModule[];
};

/** One event with its description, people, venue and linked modules (those still published). Two queries. */
export async function getEvent(id: string, { now = new Date() }: { now?: Date } = {}): Promise<EventDetail | null> {
  const row = await prisma.event.findUnique({
    where: { id },
    select: {
      ...CARD_SELECT,
      descriptionHtml: true,
      bookingOpensAt: true,
      bookingClosesAt: true,
      cancelledAt: true,
      modules: { orderBy: [{ relation: "desc" }, { position: "asc" }], select: { moduleId: true, relation: true } },
    },
  });
  if (!row) return null;
  const versions = await prisma.moduleVersion.findMany({
    where: { moduleId: { in: row.modules.map((m) => m.moduleId) }, currentOf: { is: { archivedAt: null } } },
    select: { moduleId: true, title: true },
  });
  const titles = new Map(versions.map((v) => [v.moduleId, v.title]));
  return {
    ...toCard(row),
    descriptionHtml: row.descriptionHtml,
    meta: parseEventMeta(row.meta),
    bookingOpensAt: row.bookingOpensAt,
    bookingClosesAt: row.bookingClosesAt,
    cancelled: row.cancelledAt !== null,
    past: row.endsAt < now,
    modules: row.modules.flatMap((m) =>
      titles.has(m.moduleId) ? [{ id: m.moduleId, title: titles.get(m.moduleId)!, relation: m.relation as LinkedModule["relation"] }] : [],
    ),
  };
}

export type ModuleEventLink = { id: string; title: string; when: string; formatLabel: string; relation: "prepare" | "follow-up" };

/** Upcoming events linked to a module, soonest first (for the module's page). One query. */
export async function upcomingEventsForModule(moduleId: string, { now = new Date(), limit = 5 } = {}): Promise<ModuleEventLink[]> {
  const links = await prisma.eventModuleLink.findMany({
    where: { moduleId, event: { cancelledAt: null, endsAt: { gte: now } } },
    orderBy: { event: { startsAt: "asc" } },
    take: limit,
    select: {
      relation: true,
      event: {
        select: {
          id: true,
          title: true,
          format: true,
          sessions: { orderBy: { position: "asc" }, take: 1, select: { startsAt: true, endsAt: true } },
        },
      },
    },
  });
  return links.map(({ relation, event }) => ({
    id: event.id,
    title: event.title,
    when: event.sessions[0] ? formatSessionTime(event.sessions[0].startsAt, event.sessions[0].endsAt) : "",
    formatLabel: formatLabel(event.format),
    relation: relation as ModuleEventLink["relation"],
  }));
}

/** What an event's calendar file needs (no joining link: the file is public). One query. */
export async function getEventForCalendar(id: string) {
  const row = await prisma.event.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      summary: true,
      format: true,
      meta: true,
      cancelledAt: true,
      sessions: { orderBy: { position: "asc" }, select: { key: true, title: true, startsAt: true, endsAt: true, sequence: true } },
    },
  });
  if (!row || row.cancelledAt) return null;
  const { venue, online } = parseEventMeta(row.meta);
  const location = [venue ? `${venue.name}, ${venue.address}` : null, online ? `Online (${online.platform})` : null]
    .filter(Boolean)
    .join("; ");
  return { id: row.id, title: row.title, summary: row.summary, location: location || null, sessions: row.sessions };
}
