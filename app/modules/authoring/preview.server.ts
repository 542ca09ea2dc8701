/**
 * Previews for authors, rendered by the publishing pipeline itself (ADR 0005): the Markdown
 * editor's live preview and "preview as a learner". Nothing here writes progress.
 */
import { parseAuthorYaml } from "~/modules/catalog/author-yaml.ts";
import { publicQuiz, type StoredQuiz } from "~/modules/catalog/activity-data.ts";
import { isRecord } from "~/modules/catalog/course-format.ts";
import { parseActivityFrontMatter } from "~/modules/catalog/course-format/activity-types.ts";
import { splitFrontMatter } from "~/modules/catalog/yaml-locations.ts";
import { type LoadedActivity } from "~/modules/catalog/load-course.server.ts";
import { renderAuthorMarkdown } from "~/modules/catalog/markdown-pool.server.ts";
import { renderActivity } from "~/modules/catalog/publish.server.ts";
import { StoredQuizSchema, StoredVideoSchema } from "~/modules/progress/stored.ts";
import { AppError } from "~/utils/errors.ts";
import { draftMediaUrls, resolveDraftMedia, type DraftMediaEntry } from "./draft-media.server.ts";
import { draftActivities } from "./drafts.server.ts";
import { type Draft } from "./draft-access.server.ts";

/** Markdown up to this size is previewed; the publisher refuses far less than the renderer's own limit. */
export const PREVIEW_MAX_LENGTH = 200_000;

/**
 * Sanitised HTML for a piece of Markdown, exactly as publishing renders it. Images and links to
 * module files are not resolved in previews (media arrive with uploads, ADR 0012), so they show
 * as warnings.
 */
export async function previewMarkdown(
  markdown: string,
  mediaUrls: ReadonlyMap<string, string> = new Map(),
): Promise<{ html: string; warnings: string[] }> {
  if (markdown.length > PREVIEW_MAX_LENGTH) return { html: "", warnings: ["This text is too long to preview."] };
  try {
    return await renderAuthorMarkdown(markdown, { assets: mediaUrls });
  } catch (error) {
    // Too slow or too large to render (the worker pool's limits): say so where the preview would be.
    if (error instanceof AppError) return { html: "", warnings: [error.message] };
    throw error;
  }
}

export type ActivityPreview =
  | { ok: false; title: string; message: string }
  | {
      ok: true;
      activityId: string;
      type: string;
      title: string;
      minutes: number;
      sectionTitle: string;
      html: string;
      warnings: string[];
      quiz?: ReturnType<typeof publicQuiz>;
      /** With the answers: for grading a preview attempt on the server only, never sent to the browser. */
      storedQuiz?: StoredQuiz;
      prompt?: string;
      /** Video activities: the attached video and captions, served from /media like published media. */
      video?: { src: string; captions: string };
    };

/** One activity of a draft as a learner would see it, or why it cannot be shown yet. */
export async function previewDraftActivity(
  draft: Pick<Draft, "moduleYaml" | "files"> & { media?: DraftMediaEntry[] },
  path: string,
): Promise<ActivityPreview> {
  const { activities } = draftActivities(draft);
  const entry = activities.find((a) => a.path === path);
  const file = draft.files.find((f) => f.path === path);
  if (!entry || !file) return { ok: false, title: path, message: "This activity is not in the draft." };
  const split = splitFrontMatter(file.text);
  if ("error" in split) return { ok: false, title: entry.title, message: split.error };
  const doc = parseAuthorYaml(split.frontMatter);
  const data: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  const parsed = isRecord(data) ? parseActivityFrontMatter(data) : undefined;
  if (!parsed?.success) {
    return { ok: false, title: entry.title, message: "The activity's settings have problems: fix them in the editor to preview it." };
  }
  const activity: LoadedActivity = { ...parsed.data, file: path, body: split.body, sectionIndex: entry.sectionIndex, position: 0 };
  const urls = draftMediaUrls(await resolveDraftMedia(draft.media ?? []));
  const rendered = await renderActivity(activity, (md) => previewMarkdown(md, urls), urls);
  // What the renderer just made, checked against the shape the lesson player reads (a mismatch is a bug).
  const quiz = activity.type === "quiz" ? StoredQuizSchema.parse(rendered.data) : undefined;
  return {
    ok: true,
    activityId: activity.id,
    type: activity.type,
    title: activity.title,
    minutes: activity.minutes,
    sectionTitle: entry.sectionTitle,
    html: rendered.html,
    warnings: rendered.warnings,
    quiz: quiz ? publicQuiz(quiz) : undefined,
    storedQuiz: quiz,
    prompt: activity.type === "reflection" ? activity.prompt : undefined,
    video: activity.type === "video" ? StoredVideoSchema.parse(rendered.data) : undefined,
  };
}
