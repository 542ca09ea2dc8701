import { activityTypeLabel, AUDIENCE_LABELS } from "./labels.ts";

export { AUDIENCE_LABELS };
import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import type { StoredModuleMeta } from "./activity-data.ts";
import { availabilityStatus, enrolmentClosedMessage, type AvailabilityStatus } from "./availability.ts";
import { AUDIENCES, KEY_STAGES, type AuthorRole } from "./course-format/module-file.ts";
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
} from "./list-fields.ts";
import { ID_MAX_LENGTH, ID_PATTERN } from "./course-format.ts";

export type { Labelled };

/**
 * Catalogue queries: what learners can browse and read before enrolling. Only a module's current
 * published version is shown, and archived modules are left out. Every function here makes a small,
 * fixed number of queries, however many modules or activities there are.
 */

export type ModuleCard = {
  id: string;
  title: string;
  summary: string;
  cpdHours: number;
  keyStages: string[];
};

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

// ---------------------------------------------------------------------------------------------
// Labels

export const AUTHOR_ROLE_LABELS: Record<AuthorRole, string> = {
  author: "Author",
  contributor: "Contributor",
  "industry-partner": "Industry partner",
  reviewer: "Reviewer",
};

/** How long a module takes, by its total minutes. */
export const MODULE_LENGTHS = ["short", "medium", "long"] as const;
export type ModuleLength = (typeof MODULE_LENGTHS)[number];

export const LENGTH_LABELS: Record<ModuleLength, string> = {
  short: "Under 1 hour",
  medium: "1 to 3 hours",
  long: "More than 3 hours",
};

const LENGTH_WHERE: Record<ModuleLength, Prisma.IntFilter> = {
  short: { lt: 60 },
  medium: { gte: 60, lte: 180 },
  long: { gt: 180 },
};

/** 45 -> "45 minutes", 120 -> "2 hours", 135 -> "2 hours 15 minutes" */
export function formatDuration(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  const [hours, rest] = [Math.floor(minutes / 60), minutes % 60];
  if (hours === 0) return plural(rest, "minute");
  return rest === 0 ? plural(hours, "hour") : `${plural(hours, "hour")} ${plural(rest, "minute")}`;
}

// ---------------------------------------------------------------------------------------------
// The catalogue

export type CatalogueFilters = {
  /** Free text: every word must appear in the title, summary, outcomes or topics. */
  q?: string;
  /** Any of these audiences (several values widen the search; different filters narrow it). */
  audience?: readonly string[];
  keyStage?: readonly string[];
  topic?: readonly string[];
  length?: readonly ModuleLength[];
};

export type CatalogueModule = {
  id: string;
  title: string;
  summary: string;
  cpdHours: number;
  totalMinutes: number;
  /** totalMinutes in words, e.g. "2 hours 15 minutes". */
  duration: string;
  keyStages: string[];
  audience: Labelled[];
  topics: Labelled[];
  availability: AvailabilityStatus;
  availableFrom: Date | null;
  availableUntil: Date | null;
};

export type CatalogueFacets = {
  audiences: Labelled[];
  keyStages: Labelled[];
  topics: Labelled[];
  lengths: Labelled[];
};

export type Catalogue = { modules: CatalogueModule[]; facets: CatalogueFacets };

const MAX_SEARCH_WORDS = 10;

/** Lower-cased words of a search, without surrounding punctuation ("bias," -> "bias"). */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = q
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter(Boolean);
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/** LIKE wildcards: Prisma's `contains` passes them through unescaped on SQLite. */
const LIKE_WILDCARD = /[%_]/;

const anyOf = (field: "audience" | "keyStages" | "topics", values: string[]) => anyOfList<Prisma.ModuleVersionWhereInput>(field, values);

function catalogueWhere(filters: CatalogueFilters): Prisma.ModuleVersionWhereInput {
  const lengths = [...new Set(filters.length ?? [])].filter((l) => MODULE_LENGTHS.includes(l));
  return {
    AND: [
      ...searchWords(filters.q).map((word) => ({ searchText: { contains: word } })),
      ...anyOf("audience", listValues(filters.audience, AUDIENCES)),
      ...anyOf("keyStages", listValues(filters.keyStage, KEY_STAGES)),
      ...anyOf("topics", listValues(filters.topic)),
      ...(lengths.length ? [{ OR: lengths.map((l) => ({ totalMinutes: LENGTH_WHERE[l] })) }] : []),
    ],
  };
}

/**
 * Published modules matching every filter given, by title, with the filter values on offer
 * (taken from all published modules, so choosing one never hides the others). Two queries.
 */
export async function listCatalogue(filters: CatalogueFilters = {}, { now = new Date() }: { now?: Date } = {}): Promise<Catalogue> {
  const published = { archivedAt: null, currentVersionId: { not: null } } satisfies Prisma.ModuleWhereInput;
  const [modules, facetRows] = await Promise.all([
    prisma.moduleVersion.findMany({
      where: { AND: [{ currentOf: { is: published } }, catalogueWhere(filters)] },
      orderBy: [{ title: "asc" }, { moduleId: "asc" }],
      select: {
        moduleId: true,
        title: true,
        summary: true,
        cpdHours: true,
        totalMinutes: true,
        keyStages: true,
        audience: true,
        topics: true,
        availableFrom: true,
        availableUntil: true,
        searchText: true,
      },
    }),
    prisma.moduleVersion.findMany({
      where: { currentOf: { is: published } },
      select: { audience: true, keyStages: true, topics: true },
    }),
  ]);

  const audiences = new Set<string>();
  const keyStages = new Set<string>();
  const topics = new Set<string>();
  for (const row of facetRows) {
    splitList(row.audience).forEach((v) => audiences.add(v));
    splitList(row.keyStages).forEach((v) => keyStages.add(v));
    splitList(row.topics).forEach((v) => topics.add(v));
  }
  const topicLabels = [...topics].map((value) => ({ value, label: sentenceCase(value) }));
  // A word with % or _ matched them as wildcards in SQL; keep only the literal matches.
  const literalWords = searchWords(filters.q).filter((word) => LIKE_WILDCARD.test(word));
  const matches = (searchText: string) => literalWords.every((word) => searchText.includes(word));

  return {
    modules: modules.flatMap((v) =>
      matches(v.searchText)
        ? [
            {
              id: v.moduleId,
              title: v.title,
              summary: v.summary,
              cpdHours: v.cpdHours,
              totalMinutes: v.totalMinutes,
              duration: formatDuration(v.totalMinutes),
              keyStages: splitList(v.keyStages).sort(byPosition(KEY_STAGES)),
              audience: labelAudiences(v.audience),
              topics: labelTopics(v.topics),
              availability: availabilityStatus(v, now),
              availableFrom: v.availableFrom,
              availableUntil: v.availableUntil,
            },
          ]
        : [],
    ),
    facets: {
      audiences: [...audiences].sort(byPosition(AUDIENCES)).map((value) => ({ value, label: audienceLabel(value) })),
      keyStages: [...keyStages].sort(byPosition(KEY_STAGES)).map((value) => ({ value, label: value })),
      topics: topicLabels.sort((a, b) => a.label.localeCompare(b.label, "en-GB")),
      lengths: MODULE_LENGTHS.map((value) => ({ value, label: LENGTH_LABELS[value] })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The module page

export type OutlineActivity = { id: string; title: string; type: string; typeLabel: string; minutes: number; required: boolean };
export type OutlineSection = { title: string; minutes: number; duration: string; activities: OutlineActivity[] };

export type ModuleOverview = {
  id: string;
  title: string;
  summary: string;
  /** Rendered and sanitised when the version was published. */
  descriptionHtml: string;
  outcomes: string[];
  prerequisites: string[];
  authors: { name: string; role: string; roleLabel: string; organisation: string | null }[];
  audience: Labelled[];
  keyStages: string[];
  topics: Labelled[];
  cpdHours: number;
  totalMinutes: number;
  duration: string;
  outline: OutlineSection[];
  availableFrom: Date | null;
  availableUntil: Date | null;
  version: number;
  publishedAt: Date;
  versionNotes: string | null;
  /** Withdrawn from the catalogue: shown only to people already enrolled. */
  archived: boolean;
  enrolment: { open: true } | { open: false; reason: "not-yet-available" | "no-longer-available"; message: string };
  /** Whether the signed-in user is enrolled (always false when signed out). */
  enrolled: boolean;
};

export const WITHDRAWN_MESSAGE = "This module has been withdrawn and is no longer open for enrolment.";

function parseMeta(json: string): Partial<StoredModuleMeta> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null ? (value as Partial<StoredModuleMeta>) : {};
  } catch {
    return {};
  }
}

function outlineOf(
  activities: {
    activityId: string;
    title: string;
    type: string;
    minutes: number;
    required: boolean;
    sectionIndex: number;
    sectionTitle: string;
  }[],
) {
  const sections: (OutlineSection & { index: number })[] = [];
  for (const a of activities) {
    let section = sections.at(-1);
    if (section?.index !== a.sectionIndex) {
      section = { index: a.sectionIndex, title: a.sectionTitle, minutes: 0, duration: "", activities: [] };
      sections.push(section);
    }
    section.minutes += a.minutes;
    section.activities.push({
      id: a.activityId,
      title: a.title,
      type: a.type,
      typeLabel: activityTypeLabel(a.type),
      minutes: a.minutes,
      required: a.required,
    });
  }
  return sections.map(({ index: _index, ...section }) => ({ ...section, duration: formatDuration(section.minutes) }));
}

/**
 * Everything the module page shows, from the current published version, or null when there is no
 * such module, it has never been published, or it is archived and `userId` is not enrolled.
 * Two queries (plus one Prisma makes for the activities), whatever the module's size.
 */
export async function getModuleOverview(
  moduleId: string,
  userId: string | null,
  { now = new Date() }: { now?: Date } = {},
): Promise<ModuleOverview | null> {
  if (!ID_PATTERN.test(moduleId) || moduleId.length > ID_MAX_LENGTH) return null;
  const [mod, enrolment] = await Promise.all([
    prisma.module.findUnique({
      where: { id: moduleId },
      select: {
        id: true,
        archivedAt: true,
        currentVersion: {
          select: {
            number: true,
            publishedAt: true,
            title: true,
            summary: true,
            descriptionHtml: true,
            cpdHours: true,
            totalMinutes: true,
            availableFrom: true,
            availableUntil: true,
            audience: true,
            keyStages: true,
            topics: true,
            meta: true,
            activities: {
              orderBy: { position: "asc" },
              select: { activityId: true, title: true, type: true, minutes: true, required: true, sectionIndex: true, sectionTitle: true },
            },
          },
        },
      },
    }),
    userId ? prisma.enrolment.findUnique({ where: { userId_moduleId: { userId, moduleId } }, select: { id: true } }) : null,
  ]);
  const version = mod?.currentVersion;
  if (!mod || !version) return null;
  const enrolled = !!enrolment;
  const archived = mod.archivedAt !== null;
  if (archived && !enrolled) return null;

  const meta = parseMeta(version.meta);
  const status = availabilityStatus(version, now);
  return {
    id: mod.id,
    title: version.title,
    summary: version.summary,
    descriptionHtml: version.descriptionHtml,
    outcomes: meta.outcomes ?? [],
    prerequisites: meta.prerequisites ?? [],
    authors: (meta.authors ?? []).map((a) => ({
      name: a.name,
      role: a.role,
      roleLabel: AUTHOR_ROLE_LABELS[a.role as AuthorRole] ?? sentenceCase(a.role),
      organisation: a.organisation ?? null,
    })),
    audience: labelAudiences(version.audience),
    keyStages: splitList(version.keyStages).sort(byPosition(KEY_STAGES)),
    topics: labelTopics(version.topics),
    cpdHours: version.cpdHours,
    totalMinutes: version.totalMinutes,
    duration: formatDuration(version.totalMinutes),
    outline: outlineOf(version.activities),
    availableFrom: version.availableFrom,
    availableUntil: version.availableUntil,
    version: version.number,
    publishedAt: version.publishedAt,
    versionNotes: meta.versionNotes ?? null,
    archived,
    enrolment: archived
      ? { open: false, reason: "no-longer-available", message: WITHDRAWN_MESSAGE }
      : status === "open"
        ? { open: true }
        : { open: false, reason: status, message: enrolmentClosedMessage(version, now) ?? "" },
    enrolled,
  };
}
