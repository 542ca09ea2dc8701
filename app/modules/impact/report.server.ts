/**
 * The impact report (issue 16, docs/decisions/0060): who Pathways reached, what they did and what
 * they thought of it, for a period and filters, from the raw rows. A fixed number of queries
 * whatever the volume (no query per module, event or person); every count goes through the
 * suppression rules before it leaves this file, so no view can show what another hides.
 * Callers check the admin or funder role; this file does not.
 */
import { ORGANISATION_TYPES, type OrganisationType } from "~/modules/auth/account-schema.ts";
import { attendedHours, AttendanceStatus } from "~/modules/events/attendance.ts";
import { BookingStatus } from "~/modules/events/bookings.ts";
import { attribution, summariseScores, QuoteConsent } from "~/modules/events/event-feedback.ts";
import { EVENT_FORMAT_LABELS, londonInstant, type EventFormat } from "~/modules/events/event-format.ts";
import { EVENT_SUBJECT_PREFIX, eventCertificateKey } from "~/modules/certificates/certificate-subject.ts";
import { programmeSubjects } from "~/modules/programmes/programmes.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDate } from "~/utils/dates.ts";
import {
  chartValue,
  type Cell,
  type ImpactFilters,
  type ImpactHeadline,
  type ImpactReport,
  type ReportChart,
  type ReportTable,
} from "./impact.ts";
import { SUPPRESS_BELOW, suppressCount, suppressTable, type Shown } from "./suppression.ts";

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * An organisation counted once: the school it was matched to (as the URN that school counts as, so
 * a school that became an academy, with a new URN, is one school: docs/decisions/0061), else the
 * Pathways organisation the person belongs to, else the name they gave (lower case, without
 * punctuation or a leading "the") with its type.
 */
export function organisationKey(person: {
  organisationName: string;
  organisationType: string;
  organisationId: string | null;
  canonicalUrn?: number | null;
}): string {
  if (person.canonicalUrn) return `urn:${person.canonicalUrn}`;
  if (person.organisationId) return `org:${person.organisationId}`;
  const name = person.organisationName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");
  return `name:${person.organisationType}:${name}`;
}

const RATING_HEADER = ["Responses", "Mean (out of 6)", "Median", "1", "2", "3", "4", "5", "6"];

/** How the responses in a ratings table's last ("all") row spread across 1 to 6, as a chart. */
function ratingChart(rows: Cell[][]): ReportChart {
  const all = rows.at(-1) ?? [];
  const scores = ["1", "2", "3", "4", "5", "6"];
  return {
    orientation: "vertical",
    valueTitle: "Responses",
    categoryTitle: "Rating out of 6",
    bars: scores.map((label, i) => ({ label, value: chartValue(all[4 + i]) })),
  };
}

/**
 * Ratings per item and for all of them. Ratings are reported by group, as surveys are: a row of fewer
 * than 5 responses is hidden whole (responses, mean, median and the 1–6 counts), and when just one
 * row is hidden the smallest other is hidden too, so the "all" row cannot give it away. A shown row
 * is shown whole: hiding some of its 1–6 counts would hide its mean too (the mean with the other
 * counts gives them back), and the mean is the figure a funder asks for.
 */
export function ratingRows(items: { label: string; scores: number[] }[], allLabel: string): Cell[][] {
  const summaries = items.map((item) => summariseScores(item.scores));
  const all = summariseScores(items.flatMap((item) => item.scores));
  const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;
  let allHidden = small(all.n);
  const hidden = summaries.map((s) => small(s.n) || (allHidden && s.n > 0));
  if (!allHidden && hidden.filter(Boolean).length === 1) {
    const others = summaries.map((s, i) => ({ n: s.n, i })).filter(({ n, i }) => !hidden[i] && n > 0);
    others.sort((a, b) => a.n - b.n || a.i - b.i);
    if (others[0]) hidden[others[0].i] = true;
    else allHidden = true;
  }
  const row = (label: string, summary: typeof all, hide: boolean): Cell[] =>
    hide
      ? [label, null, null, null, ...summary.distribution.map(() => null)]
      : [
          label,
          summary.n,
          summary.mean === null ? "" : summary.mean.toFixed(2),
          summary.median === null ? "" : summary.median,
          ...summary.distribution,
        ];
  return [...items.map((item, i) => row(item.label, summaries[i]!, hidden[i]!)), row(allLabel, all, allHidden)];
}

export async function buildImpactReport(filters: ImpactFilters): Promise<ImpactReport> {
  const fromAt = londonInstant(filters.from, "00:00");
  const toAt = londonInstant(nextDay(filters.to), "00:00");
  const inPeriod = { gte: fromAt, lt: toAt };
  const listed = (value: string | undefined) => (value ? { contains: `,${value},` } : undefined);

  // A programme narrows to its own modules and events (an unknown one to none).
  const programme = filters.programme ? ((await programmeSubjects(filters.programme)) ?? { moduleIds: [], eventIds: [] }) : null;
  const [modules, events] = await Promise.all([
    filters.event
      ? []
      : prisma.module.findMany({
          where: {
            currentVersionId: { not: null },
            AND: [filters.module ? { id: filters.module } : {}, programme ? { id: { in: programme.moduleIds } } : {}],
            currentVersion: { audience: listed(filters.audience), keyStages: listed(filters.keyStage) },
          },
          select: { id: true, currentVersion: { select: { title: true, cpdHours: true } } },
          orderBy: { id: "asc" },
        }),
    filters.module
      ? []
      : prisma.event.findMany({
          where: {
            cancelledAt: null,
            AND: [filters.event ? { id: filters.event } : {}, programme ? { id: { in: programme.eventIds } } : {}],
            audience: listed(filters.audience),
            keyStages: listed(filters.keyStage),
            sessions: { some: { startsAt: inPeriod } },
          },
          select: {
            id: true,
            title: true,
            format: true,
            cpdHours: true,
            startsAt: true,
            sessions: { select: { key: true, startsAt: true } },
          },
          orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        }),
  ]);
  const moduleIds = modules.map((m) => m.id);
  const eventIds = events.map((e) => e.id);
  // Where their schools are (GIAS): only people in an organisation matched to a school there count.
  const area =
    filters.region || filters.localAuthority || filters.phase
      ? await prisma.membership.findMany({
          where: {
            organisation: {
              urn: {
                in: (
                  await prisma.school.findMany({
                    where: { region: filters.region, laName: filters.localAuthority, phase: filters.phase },
                    select: { urn: true },
                  })
                ).map((s) => s.urn),
              },
            },
          },
          select: { userId: true },
        })
      : null;
  const who = area ? { userId: { in: [...new Set(area.map((m) => m.userId))] } } : {};

  const [enrolments, completions, attendance, bookings, moduleRatings, eventFeedback, certificates] = await Promise.all([
    prisma.enrolment.findMany({
      where: { ...who, moduleId: { in: moduleIds }, enrolledAt: inPeriod },
      select: { userId: true, moduleId: true, enrolledAt: true },
    }),
    prisma.enrolment.findMany({
      where: { ...who, moduleId: { in: moduleIds }, completedAt: inPeriod },
      select: { userId: true, moduleId: true, completedAt: true },
    }),
    prisma.eventAttendance.findMany({
      where: { status: { not: AttendanceStatus.absent }, booking: { ...who, eventId: { in: eventIds } } },
      select: { sessionKey: true, recordedAt: true, booking: { select: { id: true, userId: true, eventId: true } } },
    }),
    prisma.eventBooking.groupBy({
      by: ["eventId"],
      where: { ...who, eventId: { in: eventIds }, status: BookingStatus.confirmed },
      _count: { _all: true },
    }),
    prisma.moduleRating.findMany({
      where: { ...who, moduleId: { in: moduleIds }, updatedAt: inPeriod },
      select: { moduleId: true, score: true, updatedAt: true },
    }),
    prisma.eventFeedback.findMany({
      where: { eventId: { in: eventIds }, updatedAt: inPeriod, ...(area ? { booking: who } : {}) },
      select: {
        eventId: true,
        score: true,
        comment: true,
        impact: true,
        quoteConsent: true,
        updatedAt: true,
        booking: { select: { user: { select: { name: true, organisationName: true, roleInSchool: true } } } },
      },
      orderBy: [{ updatedAt: "asc" }, { bookingId: "asc" }],
    }),
    prisma.certificate.findMany({
      where: {
        ...who,
        issuedAt: inPeriod,
        status: "valid",
        replacedById: null,
        moduleId: { in: [...moduleIds, ...eventIds.map(eventCertificateKey)] },
      },
      select: { moduleId: true, issuedAt: true },
    }),
  ]);

  // Attendance counts only for the sessions inside the period.
  const sessionStarts = new Map(events.flatMap((e) => e.sessions.map((s) => [`${e.id}\u0000${s.key}`, s.startsAt] as const)));
  const attended = attendance.filter((a) => {
    const startsAt = sessionStarts.get(`${a.booking.eventId}\u0000${a.sessionKey}`);
    return startsAt !== undefined && startsAt >= fromAt && startsAt < toAt;
  });

  // Educators, by activity.
  const online = new Set([...enrolments, ...completions].map((e) => e.userId));
  const live = new Set(attended.map((a) => a.booking.userId));
  const everyone = new Set([...online, ...live]);
  const both = [...online].filter((id) => live.has(id)).length;
  const reach = suppressTable([[online.size - both, live.size - both, both]]);

  // Organisations, counted once, by type.
  const people = await prisma.user.findMany({
    where: { id: { in: [...everyone] } },
    select: {
      organisationName: true,
      organisationType: true,
      memberships: {
        select: { organisationId: true, organisation: { select: { type: true, urn: true } } },
        orderBy: { joinedAt: "asc" },
        take: 1,
      },
    },
  });
  const urns = [...new Set(people.flatMap((p) => (p.memberships[0]?.organisation.urn ? [p.memberships[0].organisation.urn] : [])))];
  const matched = await prisma.school.findMany({
    where: { urn: { in: urns } },
    select: { urn: true, canonicalUrn: true, region: true, phase: true },
  });
  const schools = new Map(matched.map((s) => [s.urn, s.canonicalUrn]));
  // Schools reached by region and phase (GIAS), each counted once by its URN history.
  const reachedSchools = new Map<number, { region: string; phase: string }>();
  for (const s of matched) reachedSchools.set(s.canonicalUrn, { region: s.region || "Not given", phase: s.phase || "Not given" });
  const regions = [...new Set([...reachedSchools.values()].map((s) => s.region))].sort();
  const phases = [...new Set([...reachedSchools.values()].map((s) => s.phase))].sort();
  const byRegion = suppressTable(
    regions.map((region) =>
      phases.map((phase) => [...reachedSchools.values()].filter((s) => s.region === region && s.phase === phase).length),
    ),
    { rowTotals: true, columnTotals: true },
  );
  const organisations = new Map<string, string>();
  for (const p of people) {
    const membership = p.memberships[0];
    const type = membership?.organisation.type ?? p.organisationType;
    const urn = membership?.organisation.urn ?? null;
    const key = organisationKey({
      ...p,
      organisationType: type,
      organisationId: membership?.organisationId ?? null,
      canonicalUrn: urn === null ? null : (schools.get(urn) ?? urn),
    });
    organisations.set(key, type);
  }
  const types = Object.keys(ORGANISATION_TYPES) as OrganisationType[];
  const byType = suppressTable([types.map((t) => [...organisations.values()].filter((v) => v === t).length)]);

  // Modules: enrolments and completions in the period.
  const moduleCounts = modules.map((m) => [
    enrolments.filter((e) => e.moduleId === m.id).length,
    completions.filter((e) => e.moduleId === m.id).length,
  ]);
  const moduleTable = suppressTable(moduleCounts, { rowTotals: false, columnTotals: true });

  // Events: places booked and people who came to at least one session in the period.
  const came = (eventId: string) => new Set(attended.filter((a) => a.booking.eventId === eventId).map((a) => a.booking.id)).size;
  const eventCounts = events.map((e) => [bookings.find((b) => b.eventId === e.id)?._count._all ?? 0, came(e.id)]);
  const eventTable = suppressTable(eventCounts, { rowTotals: false, columnTotals: true });

  // CPD hours: each completion's module hours, and each attendee's share of an event's hours.
  const moduleHours = new Map(modules.map((m) => [m.id, m.currentVersion?.cpdHours ?? 0]));
  const hoursOnline = completions.reduce((sum, c) => sum + (moduleHours.get(c.moduleId) ?? 0), 0);
  const sessionsPerBooking = new Map<string, { eventId: string; n: number }>();
  for (const a of attended) {
    const entry = sessionsPerBooking.get(a.booking.id) ?? { eventId: a.booking.eventId, n: 0 };
    entry.n++;
    sessionsPerBooking.set(a.booking.id, entry);
  }
  const eventById = new Map(events.map((e) => [e.id, e]));
  const hoursLive = [...sessionsPerBooking.values()].reduce((sum, { eventId, n }) => {
    const event = eventById.get(eventId)!;
    return sum + attendedHours(event.cpdHours, event.sessions.length, n);
  }, 0);

  const certificateKinds = [
    certificates.filter((c) => !c.moduleId.startsWith(EVENT_SUBJECT_PREFIX)).length,
    certificates.filter((c) => c.moduleId.startsWith(EVENT_SUBJECT_PREFIX)).length,
  ];
  const certificateTable = suppressTable([certificateKinds]);

  // Levels of impact (docs/decisions/0062): reaction (ratings), learning (quizzes passed), use and
  // learner outcomes (classroom follow-ups answered in the period).
  const subjects = [...moduleIds.map((id) => `module:${id}`), ...eventIds.map((id) => `event:${id}`)];
  const [quizPassers, followUps] = await Promise.all([
    prisma.quizAttempt.findMany({
      where: { ...who, moduleId: { in: moduleIds }, passed: true, createdAt: inPeriod },
      distinct: ["userId"],
      select: { userId: true },
    }),
    prisma.classroomFollowUp.findMany({
      where: { ...who, subject: { in: subjects }, answeredAt: inPeriod },
      select: { used: true, learners: true, girls: true, answeredAt: true },
    }),
  ]);
  const usedIt = followUps.filter((f) => f.used === "yes");
  const useTable = suppressTable([[usedIt.length, followUps.length - usedIt.length]]);
  // Sums of learners are shown only when at least 5 teachers gave them (a sum from fewer could be one class).
  const sumOf = (values: (number | null)[]) => {
    const given = values.filter((v): v is number => v !== null);
    return given.length >= SUPPRESS_BELOW ? given.reduce((a, b) => a + b, 0) : given.length ? null : 0;
  };

  const times = [
    ...enrolments.map((e) => e.enrolledAt),
    ...completions.map((c) => c.completedAt!),
    ...attended.map((a) => a.recordedAt),
    ...moduleRatings.map((r) => r.updatedAt),
    ...eventFeedback.map((f) => f.updatedAt),
    ...certificates.map((c) => c.issuedAt),
    ...followUps.map((f) => f.answeredAt!),
  ];
  const dataAsOf = times.length ? new Date(Math.max(...times.map((t) => t.getTime()))).toISOString() : null;

  const educators = suppressCount(everyone.size);
  const headlines: ImpactHeadline[] = [
    {
      label: "Educators reached",
      value: educators,
      note: "People who enrolled on or completed a module, or came to a live event, in the period.",
    },
    { label: "Organisations reached", value: suppressCount(organisations.size), note: "Each school or organisation counted once." },
    {
      label: "CPD hours delivered",
      value: educators === null ? null : Math.round((hoursOnline + hoursLive) * 4) / 4,
      note: "Module hours for each completion, and each attendee's share of an event's hours.",
    },
    { label: "Live events run", value: events.length, note: "Events with a session in the period that were not cancelled." },
    { label: "Certificates issued", value: certificateTable.rowTotals[0]!, note: "Valid certificates of completion and of attendance." },
  ];

  const labelled = (labels: string[], table: { cells: Shown[][] }, extra?: (i: number) => Cell[]): Cell[][] =>
    labels.map((label, i) => [label, ...(extra?.(i) ?? []), ...table.cells[i]!]);

  const moduleRatingRows = ratingRows(
    modules.map((m) => ({
      label: m.currentVersion?.title ?? m.id,
      scores: moduleRatings.filter((r) => r.moduleId === m.id).map((r) => r.score),
    })),
    "All modules",
  );
  const eventRatingRows = ratingRows(
    events.map((e) => ({ label: e.title, scores: eventFeedback.filter((f) => f.eventId === e.id).map((f) => f.score) })),
    "All events",
  );

  const tables: ReportTable[] = [
    {
      id: "educators-by-activity",
      caption: "Educators reached, by activity",
      header: ["Activity", "Educators"],
      rows: [
        ["Online courses only", reach.cells[0]![0]!],
        ["Live events only", reach.cells[0]![1]!],
        ["Both", reach.cells[0]![2]!],
        ["Total", reach.rowTotals[0]!],
      ],
      note: "Each person is counted once, in one row.",
      chart: {
        orientation: "horizontal",
        valueTitle: "Educators",
        categoryTitle: "Activity",
        bars: ["Online courses only", "Live events only", "Both"].map((label, i) => ({ label, value: reach.cells[0]![i]! })),
      },
    },
    {
      id: "organisations-by-type",
      caption: "Organisations reached, by type",
      header: ["Type", "Organisations"],
      rows: [...types.map((t, i) => [ORGANISATION_TYPES[t], byType.cells[0]![i]!] as Cell[]), ["Total", byType.rowTotals[0]!]],
      note: "An organisation is the school it is matched to (counted once across academy conversions and mergers), or else the Pathways organisation a person belongs to, or else the name they gave.",
      chart: {
        orientation: "horizontal",
        valueTitle: "Organisations",
        categoryTitle: "Type",
        bars: types.map((t, i) => ({ label: ORGANISATION_TYPES[t], value: byType.cells[0]![i]! })),
      },
    },
    {
      id: "schools-by-region-and-phase",
      caption: "Schools reached, by region and phase",
      header: ["Region", ...phases, "Total"],
      rows: [
        ...regions.map((region, i) => [region, ...byRegion.cells[i]!, byRegion.rowTotals[i]!] as Cell[]),
        ["All regions", ...(byRegion.columnTotals ?? []), byRegion.grandTotal] as Cell[],
      ],
      note: "Schools matched to Get Information About Schools (Admin, Schools), by the region and phase GIAS gives; a school counts once across academy conversions and mergers. Organisations not matched to a school are not in this table.",
    },
    {
      id: "modules",
      caption: "Online courses: enrolments and completions",
      header: ["Module", "Enrolments", "Completions"],
      rows: [
        ...labelled(
          modules.map((m) => m.currentVersion?.title ?? m.id),
          moduleTable,
        ),
        ["All modules", ...(moduleTable.columnTotals ?? [])],
      ],
      note: "Enrolments made and modules completed in the period.",
    },
    {
      id: "live-events",
      caption: "Live events: places booked and attendance",
      header: ["Event", "First session", "Format", "Places booked", "Attended"],
      rows: [
        ...labelled(
          events.map((e) => e.title),
          eventTable,
          (i) => [formatDate(events[i]!.startsAt, "short"), EVENT_FORMAT_LABELS[events[i]!.format as EventFormat] ?? events[i]!.format],
        ),
        ["All events", "", "", ...(eventTable.columnTotals ?? [])],
      ],
      note: "Attended: people marked present, late or leaving early at one or more of the event's sessions in the period.",
    },
    {
      id: "module-ratings",
      caption: "Online courses: ratings out of 6",
      header: ["Module", ...RATING_HEADER],
      rows: moduleRatingRows,
      note: "Ratings given or changed in the period. A module with fewer than 5 is shown as c (and so is one more, where needed).",
      chart: ratingChart(moduleRatingRows),
    },
    {
      id: "live-event-ratings",
      caption: "Live events: ratings out of 6",
      header: ["Event", ...RATING_HEADER],
      rows: eventRatingRows,
      note: "Feedback given or changed in the period. An event with fewer than 5 responses is shown as c (and so is one more, where needed).",
      chart: ratingChart(eventRatingRows),
    },
    {
      id: "levels-of-impact",
      caption: "Levels of impact",
      header: ["Level", "Measure", "Figure"],
      rows: [
        ["Reaction", "Ratings given (modules and live events)", suppressCount(moduleRatings.length + eventFeedback.length)],
        ["Learning", "Educators who passed a module quiz", suppressCount(quizPassers.length)],
        ["Use", "Follow-ups answered", useTable.rowTotals[0]!],
        ["Use", "… who have used it with learners", useTable.cells[0]![0]!],
        ["Use", "… who have not (yet)", useTable.cells[0]![1]!],
        ["Learner outcomes", "Learners their teachers say they reached", sumOf(usedIt.map((f) => f.learners))],
        ["Learner outcomes", "… of whom girls (where given)", sumOf(usedIt.map((f) => f.girls))],
      ],
      note: "Follow-ups are asked some weeks after a module or event; learner figures are as teachers report them, and a sum is shown only when at least 5 teachers gave one.",
    },
    {
      id: "certificates",
      caption: "Certificates issued",
      header: ["Kind", "Certificates"],
      rows: [
        ["Completion of a module", certificateTable.cells[0]![0]!],
        ["Attendance at a live event", certificateTable.cells[0]![1]!],
        ["Total", certificateTable.rowTotals[0]!],
      ],
      note: "Certificates issued in the period that are valid; a certificate reissued under a new name counts once.",
    },
  ];

  const titles = new Map(events.map((e) => [e.id, e.title]));
  const quotes = eventFeedback.flatMap((f) => {
    if (f.quoteConsent === QuoteConsent.none) return [];
    const by = attribution(f.quoteConsent, f.booking.user);
    const text = f.comment || f.impact;
    return by && text ? [{ text, by, about: titles.get(f.eventId) ?? "" }] : [];
  });

  return { filters, dataAsOf, headlines, tables, quotes };
}
