import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Prisma } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { predictProgram } from "~/modules/exercises/harness.ts";
import { startingBlocks } from "~/modules/exercises/parsons.ts";
import type { RevealRule, StoredActivityData, StoredBlocks, StoredCode, StoredModuleMeta, StoredQuiz } from "./activity-data.ts";
import { loadAllCourses, type CourseProblem, type LoadedActivity, type LoadedModule } from "./load-course.server.ts";
import { renderAuthorMarkdown, RENDER_LIMITS } from "./markdown-pool.server.ts";
import { storeMediaBytes } from "./media-store.server.ts";

/**
 * Publishing: a valid module folder becomes a new immutable ModuleVersion (identified by its
 * content hash) and the module's current version, in one transaction. Unchanged content publishes
 * nothing; an invalid module is refused whole and its published version stays as it was.
 * Progress is keyed by stable activity ids, so it carries over to the new version untouched.
 */

export type PublishOutcome =
  | { folder: string; moduleId: string; status: "published"; version: number; warnings: string[] }
  | { folder: string; moduleId: string; status: "unchanged"; version: number; warnings: string[] }
  | { folder: string; moduleId?: string; status: "refused"; problems: CourseProblem[] };

const list = (items: readonly string[]) => `,${items.join(",")},`;

/**
 * Bump when rendering changes (e.g. a sanitiser fix): every module then publishes again as a new
 * version on the next start, so no stored HTML is left from an older pipeline.
 */
export const RENDER_PIPELINE_VERSION = 1;

/** The version's identity: the module's source files plus the pipeline that rendered them. */
export function versionHash(mod: LoadedModule): string {
  return crypto.createHash("sha256").update(`${mod.contentHash}:render-v${RENDER_PIPELINE_VERSION}`).digest("hex");
}

/** Copies a module file into the content-addressed media store; returns its public URL. */
async function storeMedia(relativePath: string, bytes: Uint8Array): Promise<string> {
  return (await storeMediaBytes(bytes, path.extname(relativePath))).url;
}

async function prepareMedia(mod: LoadedModule, readAsset: (rel: string) => Promise<Uint8Array>): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (const asset of mod.assets) urls.set(path.posix.normalize(asset), await storeMedia(asset, await readAsset(asset)));
  return urls;
}

export type PublishOptions = {
  /** Reads a module file (relative path); by default from the module's folder on disk. */
  readAsset?: (rel: string) => Promise<Uint8Array>;
  /** Where the module is authored: "files" (courses/) or "browser" (a draft, ADR 0011). */
  source?: "files" | "browser";
};

/** Renders one activity as publishing does (also used to preview a draft, ADR 0011). */
export async function renderActivity(
  activity: LoadedActivity,
  render: (md: string) => Promise<{ html: string; warnings: string[] }>,
  media: Map<string, string>,
) {
  const body = await render(activity.body);
  const warnings = [...body.warnings];
  let data: StoredActivityData = {};
  if (activity.type === "quiz") {
    const questions: StoredQuiz["questions"] = [];
    for (const q of activity.questions) {
      const prompt = await render(q.prompt);
      warnings.push(...prompt.warnings);
      questions.push(
        q.kind === "short"
          ? { id: q.id, kind: q.kind, promptHtml: prompt.html, answers: q.answers, feedback: q.feedback }
          : { id: q.id, kind: q.kind, promptHtml: prompt.html, options: q.options },
      );
    }
    const reveal: RevealRule =
      activity.revealAnswers === "after-attempts"
        ? { when: "after-attempts", attempts: activity.revealAfterAttempts ?? 1 }
        : { when: activity.revealAnswers ?? "after-passing" };
    data = { passMark: activity.passMark, reveal, questions };
  } else if (activity.type === "video") {
    data = { src: media.get(path.posix.normalize(activity.src)) ?? "", captions: media.get(path.posix.normalize(activity.captions)) ?? "" };
  } else if (activity.type === "reflection") {
    data = { prompt: activity.prompt };
  } else if (activity.type === "code") {
    // Never the solution or the wrong solutions: only what the browser needs to run and check.
    const hintsHtml: string[] = [];
    for (const hint of activity.hints) {
      const rendered = await render(hint);
      warnings.push(...rendered.warnings);
      hintsHtml.push(rendered.html);
    }
    const code: StoredCode = {
      language: activity.language,
      kind: activity.kind,
      starter: activity.kind === "parsons" ? "" : activity.kind === "predict" ? predictProgram(activity) : (activity.starter ?? ""),
      tests: activity.tests,
      inputs: activity.inputs,
      hintsHtml,
    };
    if (activity.predict) code.predict = activity.predict;
    if (activity.parsons) {
      code.parsons = {
        blocks: startingBlocks({ activityId: activity.id, language: activity.language, ...activity.parsons, starter: activity.starter }),
        indentable: activity.language === "python",
      };
    }
    data = code;
  } else if (activity.type === "blocks") {
    // Never the solution or the wrong solutions: the rules the browser and the server check against.
    const hintsHtml: string[] = [];
    for (const hint of activity.hints) {
      const rendered = await render(hint);
      warnings.push(...rendered.warnings);
      hintsHtml.push(rendered.html);
    }
    const blocks: StoredBlocks = {
      toolbox: activity.toolbox,
      start: activity.start,
      goals: activity.goals,
      starting: activity.starting,
      hintsHtml,
    };
    if (activity.maxBlocks !== undefined) blocks.maxBlocks = activity.maxBlocks;
    if (activity.stepLimit !== undefined) blocks.stepLimit = activity.stepLimit;
    if (activity.scene !== undefined) blocks.scene = activity.scene;
    data = blocks;
  }
  return { html: body.html, data, warnings: warnings.map((w) => `${activity.file}: ${w}`) };
}

export async function publishLoadedModule(mod: LoadedModule, options: PublishOptions = {}): Promise<PublishOutcome> {
  const readAsset = options.readAsset ?? ((rel: string) => fs.readFile(path.join(mod.dir, rel)));
  const source = options.source ?? "files";
  const { meta } = mod;
  const contentHash = versionHash(mod);
  // One id, one origin: a courses/ folder never publishes over a module authored in the browser, nor the reverse.
  const owner = await prisma.module.findUnique({ where: { id: meta.id }, select: { source: true } });
  if (owner && owner.source !== source) {
    const where = owner.source === "browser" ? "authored in the browser (see /author)" : "kept in courses/";
    return {
      folder: mod.folder,
      moduleId: meta.id,
      status: "refused",
      problems: [
        {
          file: `${mod.folder}/module.yaml`,
          path: "id",
          message: `Module id "${meta.id}" is already used by a module ${where}. Give this module a different id.`,
        },
      ],
    };
  }
  const existing = await prisma.moduleVersion.findUnique({
    where: { moduleId_contentHash: { moduleId: meta.id, contentHash } },
    select: { id: true, number: true, currentOf: { select: { id: true } } },
  });
  if (existing?.currentOf) return { folder: mod.folder, moduleId: meta.id, status: "unchanged", version: existing.number, warnings: [] };

  const media = await prepareMedia(mod, readAsset);
  // In the worker pool, with the time limit for publishing (markdown-pool.server.ts).
  const render = (markdown: string) => renderAuthorMarkdown(markdown, { assets: media, timeoutMs: RENDER_LIMITS.publishMs });
  const description = await render(meta.description ?? "");
  const rendered: Awaited<ReturnType<typeof renderActivity>>[] = [];
  for (const activity of mod.activities) rendered.push(await renderActivity(activity, render, media));
  const warnings = [...description.warnings.map((w) => `module.yaml: ${w}`), ...rendered.flatMap((r) => r.warnings)];

  const required = new Set(meta.completion.required === "all" ? mod.activities.map((a) => a.id) : meta.completion.required);
  const storedMeta: StoredModuleMeta = {
    outcomes: meta.outcomes,
    prerequisites: meta.prerequisites,
    authors: meta.authors,
    versionNotes: meta.versionNotes,
    audience: meta.audience,
    keyStages: meta.keyStages,
    topics: meta.topics,
    sections: mod.sections,
  };

  const publish = prisma.$transaction(async (tx) => {
    await tx.module.upsert({ where: { id: meta.id }, create: { id: meta.id, source }, update: {} });
    if (existing) {
      // The same content was published before (e.g. a change was reverted): make it current again.
      await tx.module.update({ where: { id: meta.id }, data: { currentVersionId: existing.id } });
      return existing.number;
    }
    const last = await tx.moduleVersion.findFirst({ where: { moduleId: meta.id }, orderBy: { number: "desc" }, select: { number: true } });
    const number = (last?.number ?? 0) + 1;
    const created = await tx.moduleVersion.create({
      data: {
        moduleId: meta.id,
        number,
        contentHash,
        title: meta.title,
        summary: meta.summary,
        descriptionHtml: description.html,
        cpdHours: meta.cpdHours,
        totalMinutes: mod.activities.reduce((sum, a) => sum + a.minutes, 0),
        availableFrom: meta.availability?.from ? new Date(`${meta.availability.from}T00:00:00Z`) : null,
        availableUntil: meta.availability?.until ? new Date(`${meta.availability.until}T23:59:59Z`) : null,
        audience: list(meta.audience),
        keyStages: list(meta.keyStages),
        topics: list(meta.topics),
        searchText: [meta.title, meta.summary, ...meta.outcomes, ...meta.topics].join(" ").toLowerCase(),
        meta: JSON.stringify(storedMeta),
        activities: {
          create: mod.activities.map((a, i) => ({
            activityId: a.id,
            position: a.position,
            sectionIndex: a.sectionIndex,
            sectionTitle: mod.sections[a.sectionIndex]?.title ?? "",
            type: a.type,
            title: a.title,
            minutes: a.minutes,
            required: required.has(a.id),
            html: rendered[i]!.html,
            data: JSON.stringify(rendered[i]!.data),
          })),
        },
      },
      select: { id: true },
    });
    await tx.module.update({ where: { id: meta.id }, data: { currentVersionId: created.id } });
    return number;
  });
  let version: number;
  try {
    version = await publish;
  } catch (error) {
    // Another server starting at the same moment published this content first (a unique
    // violation on the module or the version): theirs is the same, so nothing is left to do.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    const theirs = await prisma.moduleVersion.findUnique({
      where: { moduleId_contentHash: { moduleId: meta.id, contentHash } },
      select: { number: true, currentOf: { select: { id: true } } },
    });
    if (!theirs?.currentOf) throw error;
    return { folder: mod.folder, moduleId: meta.id, status: "unchanged", version: theirs.number, warnings };
  }
  return { folder: mod.folder, moduleId: meta.id, status: "published", version, warnings };
}

/** Checks and publishes every module folder (or the named ones) under `coursesRoot`. */
export async function publishCourses(
  coursesRoot: string,
  folders?: string[],
  onProgress?: (done: number, total: number, outcome: PublishOutcome) => void,
): Promise<PublishOutcome[]> {
  const results = await loadAllCourses(coursesRoot, folders);
  const outcomes: PublishOutcome[] = [];
  for (const result of results) {
    const outcome: PublishOutcome = result.ok
      ? await publishLoadedModule(result.module)
      : { folder: result.folder, status: "refused", problems: result.problems };
    outcomes.push(outcome);
    onProgress?.(outcomes.length, results.length, outcome);
  }
  return outcomes;
}
