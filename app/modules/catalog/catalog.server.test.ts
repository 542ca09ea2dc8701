import crypto from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "../../../tests/factories/users.ts";
import { prisma } from "~/utils/db.server.ts";
import { formatDuration, getModuleOverview, listCatalogue, listPublishedModules, type CatalogueFilters } from "./catalog.server.ts";
import type { ModuleMeta } from "./course-format/module-file.ts";
import type { LoadedActivity, LoadedModule } from "./load-course.server.ts";
import { publishCourses, publishLoadedModule } from "./publish.server.ts";

// ---------------------------------------------------------------------------------------------
// Fixtures: modules built in memory and published through the real publishing code.

type ActivitySpec = { id: string; title: string; minutes: number; section: number; type?: "reading" | "reflection" };

function buildModule(
  meta: Partial<ModuleMeta> & Pick<ModuleMeta, "id" | "title">,
  sections: string[],
  activities: ActivitySpec[],
): LoadedModule {
  const fullMeta: ModuleMeta = {
    summary: `A module about ${meta.title.toLowerCase()}.`,
    outcomes: ["Do something useful"],
    audience: ["primary-teachers"],
    keyStages: ["KS2"],
    topics: ["general"],
    cpdHours: 1,
    prerequisites: [],
    authors: [{ name: "Pathways editorial team", role: "author" }],
    completion: { required: "all" },
    ...meta,
  };
  // Positions follow the sections; the array itself may be in any order.
  const ordered = [...activities].sort((a, b) => a.section - b.section);
  const loaded: LoadedActivity[] = activities.map((a) => {
    const base = {
      id: a.id,
      title: a.title,
      minutes: a.minutes,
      file: `${a.id}.md`,
      body: `Text of ${a.title}.\n`,
      sectionIndex: a.section,
    };
    const position = ordered.indexOf(a);
    return a.type === "reflection"
      ? { ...base, type: "reflection", prompt: "What will you change?", position }
      : { ...base, type: "reading", position };
  });
  const content = JSON.stringify({ fullMeta, sections, activities });
  return {
    folder: meta.id,
    dir: path.join(os.tmpdir(), "pathways-no-such-dir", meta.id),
    meta: fullMeta,
    sections: sections.map((title, index) => ({ title, activityIds: ordered.filter((a) => a.section === index).map((a) => a.id) })),
    activities: loaded,
    contentHash: crypto.createHash("sha256").update(content).digest("hex"),
    assets: [],
  };
}

const SPOTTING_BIAS = buildModule(
  {
    id: "spotting-bias",
    title: "Spotting bias in the classroom",
    summary: "Notice the quick judgements that shape who answers, who leads and who chooses computing.",
    description: "Longer **Markdown** description.",
    outcomes: ["Recognise common forms of unconscious bias", "Plan one change to classroom questioning"],
    audience: ["secondary-computing-teachers", "primary-teachers"],
    keyStages: ["KS3", "KS2"],
    topics: ["equity-and-inclusion"],
    cpdHours: 1.5,
    prerequisites: ["None beyond classroom experience"],
    authors: [
      { name: "Ada Lovelace", role: "author", organisation: "Pathways" },
      { name: "Grace Hopper", role: "industry-partner", organisation: "Compilers Ltd" },
    ],
    availability: { from: "2026-09-01", until: "2027-07-31" },
    versionNotes: "First published version.",
  },
  ["Understanding bias", "Putting it into practice"],
  // Deliberately not in outline order: the outline must follow the stored positions.
  [
    { id: "think", title: "Your setting", minutes: 5, section: 1, type: "reflection" },
    { id: "intro", title: "Introduction", minutes: 10, section: 0 },
    { id: "plan", title: "Plan a change", minutes: 15, section: 1 },
    { id: "evidence", title: "What the evidence shows", minutes: 14, section: 0 },
  ],
); // 44 minutes: short

const PYTHON = buildModule(
  {
    id: "python-first-steps",
    title: "Python first steps",
    summary: "Write, run and debug small Python programs you can use with Key Stage 3 classes.",
    outcomes: ["Write a program that uses loops and conditions"],
    audience: ["secondary-computing-teachers", "it-professionals"],
    keyStages: ["KS3", "KS4"],
    topics: ["programming"],
    cpdHours: 2,
  },
  ["Getting started"],
  [
    { id: "hello", title: "Hello, world", minutes: 60 },
    { id: "loops", title: "Loops", minutes: 60 },
  ].map((a) => ({ ...a, section: 0 })),
); // 120 minutes: medium

const CYBER = buildModule(
  {
    id: "careers-in-cyber",
    title: "Careers in cyber security",
    summary: "Advise pupils on routes into cyber security, from apprenticeships to degrees.",
    outcomes: ["Describe three routes into a cyber security career"],
    audience: ["careers-leaders", "headteachers"],
    keyStages: ["KS5", "KS4"],
    topics: ["careers", "cyber-security"],
    cpdHours: 4,
    availability: { until: "2026-07-31" },
  },
  ["Routes", "Advice"],
  [
    { id: "routes", title: "Routes in", minutes: 120, section: 0 },
    { id: "advice", title: "Giving advice", minutes: 121, section: 1 },
  ],
); // 241 minutes: long

const RETIRED = buildModule(
  {
    id: "retired-module",
    title: "A retired module about bias",
    audience: ["teaching-assistants"],
    keyStages: ["KS1"],
    topics: ["retired-topic"],
  },
  ["Only section"],
  [{ id: "only", title: "Only activity", minutes: 10, section: 0 }],
);

const NOW = new Date("2027-01-15T12:00:00Z");

let learnerId: string;

beforeAll(async () => {
  for (const mod of [SPOTTING_BIAS, PYTHON, CYBER, RETIRED]) {
    expect(await publishLoadedModule(mod)).toMatchObject({ status: "published", version: 1 });
  }
  await prisma.module.update({ where: { id: RETIRED.meta.id }, data: { archivedAt: new Date("2026-10-01T00:00:00Z") } });
  // A module row without any published version (e.g. one being written in the browser).
  await prisma.module.create({ data: { id: "draft-only", source: "browser" } });
  learnerId = (await createUser()).id;
});

afterAll(async () => {
  vi.restoreAllMocks();
});

const idsFor = async (filters: CatalogueFilters) => (await listCatalogue(filters, { now: NOW })).modules.map((m) => m.id);

// ---------------------------------------------------------------------------------------------

describe("listCatalogue", () => {
  it("lists published, unarchived modules by title with what a card shows", async () => {
    const { modules } = await listCatalogue({}, { now: NOW });
    expect(modules.map((m) => m.id)).toEqual(["careers-in-cyber", "python-first-steps", "spotting-bias"]);
    expect(modules.find((m) => m.id === "spotting-bias")).toEqual({
      id: "spotting-bias",
      title: "Spotting bias in the classroom",
      summary: "Notice the quick judgements that shape who answers, who leads and who chooses computing.",
      cpdHours: 1.5,
      totalMinutes: 44,
      duration: "44 minutes",
      keyStages: ["KS2", "KS3"],
      audience: [
        { value: "secondary-computing-teachers", label: "Secondary computing teachers" },
        { value: "primary-teachers", label: "Primary teachers" },
      ],
      topics: [{ value: "equity-and-inclusion", label: "Equity and inclusion" }],
      availability: "open",
      availableFrom: new Date("2026-09-01T00:00:00Z"),
      availableUntil: new Date("2027-07-31T23:59:59Z"),
    });
    expect(modules.find((m) => m.id === "careers-in-cyber")?.availability).toBe("no-longer-available");
  });

  it("leaves out archived modules and modules never published, in results and filter values", async () => {
    const { modules, facets } = await listCatalogue({ q: "bias" }, { now: NOW });
    expect(modules.map((m) => m.id)).toEqual(["spotting-bias"]);
    expect(facets.topics.map((t) => t.value)).not.toContain("retired-topic");
    expect(facets.audiences.map((a) => a.value)).not.toContain("teaching-assistants");
    expect(facets.keyStages.map((k) => k.value)).not.toContain("KS1");
    expect(await idsFor({ topic: ["retired-topic"] })).toEqual([]);
  });

  it("offers the filter values used by published modules, in a sensible order", async () => {
    const { facets } = await listCatalogue({ keyStage: ["KS2"] }, { now: NOW });
    // Facets never depend on the filters chosen.
    expect(facets.keyStages).toEqual(["KS2", "KS3", "KS4", "KS5"].map((v) => ({ value: v, label: v })));
    expect(facets.audiences.map((a) => a.value)).toEqual([
      "primary-teachers",
      "secondary-computing-teachers",
      "headteachers",
      "careers-leaders",
      "it-professionals",
    ]);
    expect(facets.topics).toEqual([
      { value: "careers", label: "Careers" },
      { value: "cyber-security", label: "Cyber security" },
      { value: "equity-and-inclusion", label: "Equity and inclusion" },
      { value: "programming", label: "Programming" },
    ]);
    expect(facets.lengths.map((l) => l.value)).toEqual(["short", "medium", "long"]);
  });

  describe("search", () => {
    it("matches title, summary, outcomes and topics, ignoring case", async () => {
      expect(await idsFor({ q: "SPOTTING" })).toEqual(["spotting-bias"]); // title
      expect(await idsFor({ q: "apprenticeships" })).toEqual(["careers-in-cyber"]); // summary
      expect(await idsFor({ q: "Loops" })).toEqual(["python-first-steps"]); // outcomes
      expect(await idsFor({ q: "inclusion" })).toEqual(["spotting-bias"]); // topics
    });

    it("requires every word, in any order", async () => {
      expect(await idsFor({ q: "computing bias" })).toEqual(["spotting-bias"]);
      expect(await idsFor({ q: "bias python" })).toEqual([]);
      expect(await idsFor({ q: "key stage" })).toEqual(["python-first-steps"]);
    });

    it("ignores surrounding punctuation and extra spaces, and lists everything for a blank search", async () => {
      expect(await idsFor({ q: "  “bias,”   classroom!  " })).toEqual(["spotting-bias"]);
      expect(await idsFor({ q: "   " })).toHaveLength(3);
    });

    it("treats % and _ as ordinary characters, not wildcards", async () => {
      expect(await idsFor({ q: "python_first" })).toEqual([]);
      expect(await idsFor({ q: "py%on" })).toEqual([]);
      expect(await idsFor({ q: "p_thon" })).toEqual([]);
    });
  });

  describe("filters", () => {
    it("filters by audience (several values widen the results)", async () => {
      expect(await idsFor({ audience: ["it-professionals"] })).toEqual(["python-first-steps"]);
      expect(await idsFor({ audience: ["primary-teachers", "headteachers"] })).toEqual(["careers-in-cyber", "spotting-bias"]);
    });

    it("filters by key stage without confusing one key stage for another", async () => {
      expect(await idsFor({ keyStage: ["KS2"] })).toEqual(["spotting-bias"]);
      expect(await idsFor({ keyStage: ["KS4"] })).toEqual(["careers-in-cyber", "python-first-steps"]);
      expect(await idsFor({ keyStage: ["KS1"] })).toEqual([]);
    });

    it("filters by topic, matching whole topics only", async () => {
      expect(await idsFor({ topic: ["careers"] })).toEqual(["careers-in-cyber"]);
      expect(await idsFor({ topic: ["security"] })).toEqual([]); // only part of "cyber-security"
      expect(await idsFor({ topic: ["programming", "equity-and-inclusion"] })).toEqual(["python-first-steps", "spotting-bias"]);
    });

    it("filters by length: short under 60 minutes, medium 60 to 180, long over 180", async () => {
      expect(await idsFor({ length: ["short"] })).toEqual(["spotting-bias"]);
      expect(await idsFor({ length: ["medium"] })).toEqual(["python-first-steps"]);
      expect(await idsFor({ length: ["long"] })).toEqual(["careers-in-cyber"]);
      expect(await idsFor({ length: ["short", "long"] })).toEqual(["careers-in-cyber", "spotting-bias"]);
    });

    it("combines search and filters: every filter must match", async () => {
      expect(await idsFor({ keyStage: ["KS3"], audience: ["it-professionals"] })).toEqual(["python-first-steps"]);
      expect(await idsFor({ keyStage: ["KS3"], length: ["short"] })).toEqual(["spotting-bias"]);
      expect(await idsFor({ q: "computing", keyStage: ["KS3"], topic: ["equity-and-inclusion"], length: ["short"] })).toEqual([
        "spotting-bias",
      ]);
      expect(await idsFor({ q: "computing", keyStage: ["KS4"] })).toEqual([]);
      expect(await idsFor({ audience: ["careers-leaders"], length: ["short"] })).toEqual([]);
    });

    it("ignores values that cannot be stored, so they can never widen a pattern", async () => {
      expect(await idsFor({ keyStage: ["KS9"], audience: ["nobody"], topic: ["%", "a,b"] })).toHaveLength(3);
      expect(await idsFor({ topic: ["%"], keyStage: ["KS2"] })).toEqual(["spotting-bias"]);
    });
  });

  it("gives lengths in words", () => {
    expect([1, 45, 60, 120, 135, 241].map(formatDuration)).toEqual([
      "1 minute",
      "45 minutes",
      "1 hour",
      "2 hours",
      "2 hours 15 minutes",
      "4 hours 1 minute",
    ]);
  });

  it("keeps listPublishedModules working for the home page", async () => {
    const cards = await listPublishedModules({ limit: 2 });
    expect(cards).toHaveLength(2);
    expect(cards.map((c) => c.id)).not.toContain("retired-module");
  });
});

// ---------------------------------------------------------------------------------------------

describe("getModuleOverview", () => {
  it("shows the current version: outline in position order, grouped by section", async () => {
    const overview = await getModuleOverview("spotting-bias", null, { now: NOW });
    expect(overview).toMatchObject({
      id: "spotting-bias",
      title: "Spotting bias in the classroom",
      outcomes: ["Recognise common forms of unconscious bias", "Plan one change to classroom questioning"],
      prerequisites: ["None beyond classroom experience"],
      cpdHours: 1.5,
      totalMinutes: 44,
      keyStages: ["KS2", "KS3"],
      version: 1,
      versionNotes: "First published version.",
      archived: false,
      enrolled: false,
      enrolment: { open: true },
      availableFrom: new Date("2026-09-01T00:00:00Z"),
      availableUntil: new Date("2027-07-31T23:59:59Z"),
    });
    expect(overview?.descriptionHtml).toContain("<strong>Markdown</strong>");
    expect(overview?.publishedAt).toBeInstanceOf(Date);
    expect(overview?.outline).toEqual([
      {
        title: "Understanding bias",
        minutes: 24,
        duration: "24 minutes",
        activities: [
          { id: "intro", title: "Introduction", type: "reading", typeLabel: "Reading", minutes: 10, required: true },
          { id: "evidence", title: "What the evidence shows", type: "reading", typeLabel: "Reading", minutes: 14, required: true },
        ],
      },
      {
        title: "Putting it into practice",
        minutes: 20,
        duration: "20 minutes",
        activities: [
          { id: "think", title: "Your setting", type: "reflection", typeLabel: "Reflection", minutes: 5, required: true },
          { id: "plan", title: "Plan a change", type: "reading", typeLabel: "Reading", minutes: 15, required: true },
        ],
      },
    ]);
    expect(overview?.authors).toEqual([
      { name: "Ada Lovelace", role: "author", roleLabel: "Author", organisation: "Pathways" },
      { name: "Grace Hopper", role: "industry-partner", roleLabel: "Industry partner", organisation: "Compilers Ltd" },
    ]);
  });

  it("says whether enrolment is open, and why not", async () => {
    const before = await getModuleOverview("spotting-bias", null, { now: new Date("2026-08-01T00:00:00Z") });
    expect(before?.enrolment).toEqual({
      open: false,
      reason: "not-yet-available",
      message: "This module opens for enrolment on 1 September 2026.",
    });
    const after = await getModuleOverview("careers-in-cyber", null, { now: NOW });
    expect(after?.enrolment).toMatchObject({
      open: false,
      reason: "no-longer-available",
      message: expect.stringContaining("31 July 2026") as unknown,
    });
    expect((await getModuleOverview("python-first-steps", null, { now: NOW }))?.enrolment).toEqual({ open: true });
  });

  it("says whether the signed-in user is enrolled", async () => {
    const other = await createUser();
    await prisma.enrolment.create({ data: { userId: learnerId, moduleId: "python-first-steps" } });
    expect((await getModuleOverview("python-first-steps", learnerId, { now: NOW }))?.enrolled).toBe(true);
    expect((await getModuleOverview("python-first-steps", other.id, { now: NOW }))?.enrolled).toBe(false);
    expect((await getModuleOverview("spotting-bias", learnerId, { now: NOW }))?.enrolled).toBe(false);
  });

  it("is null for unknown, never-published and malformed ids", async () => {
    expect(await getModuleOverview("no-such-module", null)).toBeNull();
    expect(await getModuleOverview("draft-only", learnerId)).toBeNull();
    expect(await getModuleOverview("../etc/passwd", null)).toBeNull();
    expect(await getModuleOverview("", null)).toBeNull();
  });

  it("shows an archived module only to people already enrolled, with enrolment closed", async () => {
    expect(await getModuleOverview("retired-module", null)).toBeNull();
    expect(await getModuleOverview("retired-module", learnerId)).toBeNull();
    const enrolled = await createUser();
    await prisma.enrolment.create({ data: { userId: enrolled.id, moduleId: "retired-module" } });
    expect(await getModuleOverview("retired-module", enrolled.id)).toMatchObject({
      archived: true,
      enrolled: true,
      enrolment: { open: false, reason: "no-longer-available", message: expect.stringContaining("withdrawn") as unknown },
    });
  });

  it("follows republishing: the new version and its outline become current", async () => {
    const changed = buildModule(
      { ...PYTHON.meta, title: "Python first steps (revised)" },
      ["Getting started", "Going further"],
      [
        { id: "hello", title: "Hello, world", minutes: 30, section: 0 },
        { id: "functions", title: "Functions", minutes: 20, section: 1 },
      ],
    );
    expect(await publishLoadedModule(changed)).toMatchObject({ status: "published", version: 2 });
    const overview = await getModuleOverview("python-first-steps", null, { now: NOW });
    expect(overview).toMatchObject({ title: "Python first steps (revised)", version: 2, totalMinutes: 50, duration: "50 minutes" });
    expect(overview?.outline.map((s) => s.activities.map((a) => a.id))).toEqual([["hello"], ["functions"]]);
    expect(await idsFor({ length: ["short"] })).toEqual(["python-first-steps", "spotting-bias"]);
    expect(await idsFor({ q: "revised" })).toEqual(["python-first-steps"]);
    // Put it back for any test that runs after this one.
    expect(await publishLoadedModule(PYTHON)).toMatchObject({ version: 1 });
  });
});

// ---------------------------------------------------------------------------------------------

describe("a published courses folder", () => {
  it("is listed and described after publishCourses", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "pathways-catalogue-"));
    try {
      const dir = path.join(root, "from-files");
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(
        path.join(dir, "module.yaml"),
        [
          "id: from-files",
          "title: Published from files",
          "summary: A module written as files and published by the real loader.",
          "outcomes: [Explain the zebra crossing rule]",
          "audience: [teaching-assistants]",
          "keyStages: [KS1]",
          "topics: [road-safety]",
          "cpdHours: 0.5",
          "authors:",
          "  - name: Sam Author",
          "    role: reviewer",
          "completion:",
          "  required: all",
          "sections:",
          "  - title: Only section",
          "    activities: [01-read.md]",
          "",
        ].join("\n"),
      );
      await fs.writeFile(path.join(dir, "01-read.md"), "---\nid: read\ntype: reading\ntitle: Read this\nminutes: 7\n---\nSome text.\n");
      expect(await publishCourses(root)).toEqual([expect.objectContaining({ moduleId: "from-files", status: "published" })]);
      expect(await idsFor({ q: "zebra", keyStage: ["KS1"], topic: ["road-safety"], audience: ["teaching-assistants"] })).toEqual([
        "from-files",
      ]);
      const overview = await getModuleOverview("from-files", null, { now: NOW });
      expect(overview?.outline).toEqual([
        {
          title: "Only section",
          minutes: 7,
          duration: "7 minutes",
          activities: [{ id: "read", title: "Read this", type: "reading", typeLabel: "Reading", minutes: 7, required: true }],
        },
      ]);
      expect(overview?.authors).toEqual([{ name: "Sam Author", role: "reviewer", roleLabel: "Reviewer", organisation: null }]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
      await prisma.module.update({ where: { id: "from-files" }, data: { archivedAt: new Date() } });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("query budget", () => {
  /** SQL statements prepared while `fn` runs (the driver adapter prepares one per query). */
  // Every statement Prisma sends, whichever the database (the client emits query events).
  let counted: string[] | null = null;
  prisma.$on("query", (e) => counted?.push(e.query));
  async function countQueries(fn: () => Promise<unknown>): Promise<number> {
    counted = [];
    try {
      await fn();
      return counted.length;
    } finally {
      counted = null;
    }
  }

  it("describes a module in the same few queries whatever its size", async () => {
    const big = buildModule(
      { id: "big-module", title: "A big module" },
      ["One", "Two", "Three"],
      Array.from({ length: 30 }, (_, i) => ({ id: `activity-${i}`, title: `Activity ${i}`, minutes: 5, section: i % 3 })),
    );
    await publishLoadedModule(big);
    const small = await countQueries(() => getModuleOverview("spotting-bias", learnerId));
    const large = await countQueries(() => getModuleOverview("big-module", learnerId));
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThanOrEqual(4);
    expect(large).toBe(small);
  });

  it("lists the catalogue in the same few queries however many modules match", async () => {
    const few = await countQueries(() => listCatalogue({ q: "python" }));
    const many = await countQueries(() => listCatalogue({}));
    expect(few).toBe(2);
    expect(many).toBe(few);
  });
});
