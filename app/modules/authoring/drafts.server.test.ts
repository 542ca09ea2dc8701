import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { checkCourses } from "~/modules/catalog/check-courses.server.ts";
import { publishFixtureModule } from "../../../tests/factories/courses.ts";
import { loadCourseFromFiles } from "~/modules/catalog/load-course.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { CONFLICT_MESSAGE, readActivityFields, toFileMap } from "./draft-content.ts";
import {
  changeSections,
  addActivity,
  createDraft,
  draftActivities,
  draftActivityMinutes,
  moveActivityInDraft,
  removeActivityFromDraft,
  saveActivity,
  saveModuleDetails,
  suggestModuleId,
} from "./drafts.server.ts";
import { addCoAuthor, listCoAuthors, removeCoAuthor } from "./draft-co-authors.server.ts";
import { decideReview, listReviewQueue, submitDraft } from "./draft-review.server.ts";
import { getAuthorDashboard } from "./author-dashboard.server.ts";
import { requireDraft, requireDraftToRead, type Actor } from "./draft-access.server.ts";
import { validateDraft } from "./draft-validation.server.ts";
import { contentToZip, exportDraftZip, importDraftZip, zipToContent, ZIP_LIMITS } from "./zip.server.ts";

import { createActor, createValidDraft, DRAFT_DETAILS } from "../../../tests/factories/drafts.ts";
const DETAILS = DRAFT_DETAILS;

let owner: Actor;
let secondAuthor: Actor;
let admin: Actor;
let learner: Actor;

beforeAll(async () => {
  owner = await createActor(["author"], "Olu Owner");
  secondAuthor = await createActor(["author"], "Sam Second");
  admin = await createActor(["admin"], "Ada Admin");
  learner = await createActor([], "Lee Learner");
});

const validDraft = (moduleId?: string) => createValidDraft(owner, moduleId);

describe("creating and editing drafts", () => {
  it("creates a draft whose module.yaml and activities pass the courses:check loader", async () => {
    const { draftId, moduleId, readingPath, quizPath } = await validDraft();
    const draft = await requireDraft(owner, draftId);
    expect(draft.status).toBe("draft");
    expect(draftActivities(draft).activities.map((a) => a.path)).toEqual([readingPath, quizPath]);
    expect(await validateDraft(draft)).toMatchObject({ problems: [] });
    const loaded = await loadCourseFromFiles(moduleId, toFileMap(draft));
    expect(loaded.ok).toBe(true);
  });

  it("refuses a module id that a courses/ module uses, or another draft", async () => {
    await publishFixtureModule({ id: "from-the-files", activities: [{ id: "a", type: "reading" }] });
    await expect(createDraft(owner, { moduleId: "from-the-files", details: DETAILS })).rejects.toMatchObject({
      code: "bad-request",
      details: [],
      message: expect.stringContaining("used by a module kept in courses/") as unknown,
    });
    // A module in courses/ counts even before it is published.
    expect(await prisma.module.count({ where: { id: "unconscious-bias-toolkit" } })).toBe(0);
    await expect(createDraft(owner, { moduleId: "unconscious-bias-toolkit", details: DETAILS })).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining("courses/") as unknown,
    });
    const { moduleId } = await validDraft();
    await expect(createDraft(secondAuthor, { moduleId, details: DETAILS })).rejects.toMatchObject({ code: "bad-request" });
    await expect(createDraft(owner, { moduleId: "Not An Id", details: DETAILS })).rejects.toMatchObject({ code: "bad-request" });
  });

  it("reports problems with the loader's file, line, field and message", async () => {
    const { draftId, revision, quizPath } = await validDraft();
    const draft = await requireDraft(owner, draftId);
    const fields = readActivityFields(draft.files.find((f) => f.path === quizPath)!.text);
    await saveActivity(owner, {
      draftId,
      revision,
      path: quizPath,
      fields: { ...fields, minutes: "0", settings: fields.settings.replace("passMark: 80", "passMark: 180") },
    });
    const { problems } = await validateDraft(await requireDraft(owner, draftId));
    const file = `${draft.moduleId}/${quizPath}`;
    expect(problems).toEqual([
      { file, line: 5, path: "minutes", message: "`minutes` must be at least 1." },
      { file, line: 6, path: "passMark", message: "passMark is a percentage: 0-100." },
    ]);
  });

  it("refuses a save based on an old revision and leaves the newer save in place", async () => {
    const { draftId, revision, readingPath } = await validDraft();
    const draft = await requireDraft(owner, draftId);
    const fields = readActivityFields(draft.files.find((f) => f.path === readingPath)!.text);
    // Two tabs opened at the same revision: the first save wins, the second is told.
    await saveActivity(owner, { draftId, revision, path: readingPath, fields: { ...fields, body: "First tab's text.\n" } });
    const second = saveActivity(owner, { draftId, revision, path: readingPath, fields: { ...fields, body: "Second tab's text.\n" } });
    await expect(second).rejects.toThrow(CONFLICT_MESSAGE);
    await expect(second).rejects.toMatchObject({ status: 409 });
    const after = await requireDraft(owner, draftId);
    expect(after.revision).toBe(revision + 1);
    expect(after.files.find((f) => f.path === readingPath)!.text).toContain("First tab's text.");
  });

  it("reorders and removes activities", async () => {
    const { draftId, revision, readingPath, quizPath } = await validDraft();
    const moved = await moveActivityInDraft(owner, { draftId, revision, path: quizPath, direction: "up" });
    expect(draftActivities(await requireDraft(owner, draftId)).activities.map((a) => a.path)).toEqual([quizPath, readingPath]);
    await removeActivityFromDraft(owner, { draftId, revision: moved.revision, path: quizPath });
    const after = await requireDraft(owner, draftId);
    expect(draftActivities(after).activities.map((a) => a.path)).toEqual([readingPath]);
    expect(after.files.map((f) => f.path)).toEqual([readingPath]);
    expect((await validateDraft(after)).problems).toEqual([]);
  });

  it("adds and renames sections; a new activity joins the last section and the module stays valid", async () => {
    const { draftId, revision } = await validDraft();
    const added = await changeSections(owner, { draftId, revision, change: { kind: "add", title: "Going further" } });
    // An empty section is reported by the checker until it has an activity.
    expect((await validateDraft(await requireDraft(owner, draftId))).problems.map((p) => p.path)).toContain("sections[1].activities");
    const renamed = await changeSections(owner, {
      draftId,
      revision: added.revision,
      change: { kind: "rename", index: 0, title: "Basics" },
    });
    const extra = await addActivity(owner, { draftId, revision: renamed.revision, type: "reflection", title: "Your next step" });
    const draft = await requireDraft(owner, draftId);
    expect(draftActivities(draft).activities.map((a) => [a.sectionTitle, a.type])).toEqual([
      ["Basics", "reading"],
      ["Basics", "quiz"],
      ["Going further", "reflection"],
    ]);
    expect(extra.revision).toBe(draft.revision);
    expect((await validateDraft(draft)).problems).toEqual([]);
  });

  it("edits module details in module.yaml", async () => {
    const { draftId, revision } = await validDraft();
    await saveModuleDetails(owner, {
      draftId,
      revision,
      details: { ...DETAILS, title: "Better questions", cpdHours: 1.5, availableFrom: "2026-09-01" },
    });
    const draft = await requireDraft(owner, draftId);
    expect(draft.title).toBe("Better questions");
    expect(draft.moduleYaml).toContain("cpdHours: 1.5");
    expect((await validateDraft(draft)).problems).toEqual([]);
  });
});

describe("who may do what", () => {
  it("refuses learners everything and hides other authors' drafts", async () => {
    const { draftId } = await validDraft();
    await expect(exportDraftZip(owner, draftId, "published")).rejects.toMatchObject({ status: 404 });
    await expect(exportDraftZip(secondAuthor, draftId)).rejects.toMatchObject({ status: 404 });
    await expect(createDraft(learner, { moduleId: "learner-module", details: DETAILS })).rejects.toMatchObject({ status: 403 });
    await expect(requireDraft(learner, draftId)).rejects.toMatchObject({ status: 403 });
    await expect(getAuthorDashboard(learner)).rejects.toBeInstanceOf(AppError);
    await expect(listReviewQueue(learner)).rejects.toMatchObject({ status: 403 });
    await expect(requireDraft(secondAuthor, draftId)).rejects.toMatchObject({ status: 404 });
    await expect(saveModuleDetails(secondAuthor, { draftId, revision: 3, details: DETAILS })).rejects.toMatchObject({ status: 404 });
    expect((await requireDraft(admin, draftId)).id).toBe(draftId);
  });
});

describe("module ids in editor URLs (ADR 0040)", () => {
  it("finds a draft by its module id or its database id, only for those who may edit or read it", async () => {
    const { draftId, moduleId } = await validDraft();
    expect((await requireDraft(owner, moduleId)).id).toBe(draftId);
    expect((await requireDraft(owner, draftId)).moduleId).toBe(moduleId);
    expect((await requireDraft(admin, moduleId)).id).toBe(draftId);
    await expect(requireDraft(secondAuthor, moduleId)).rejects.toMatchObject({ status: 404 });
    await expect(requireDraft(secondAuthor, draftId)).rejects.toMatchObject({ status: 404 });
    await expect(requireDraftToRead(secondAuthor, moduleId)).rejects.toMatchObject({ status: 404 });
    await expect(requireDraft(owner, "")).rejects.toMatchObject({ status: 404 });
  });

  it("makes a free id from a title: the title's words, then -2, -3 when taken", async () => {
    const title = `Hinge questions ${Date.now().toString(36)}: “Año” & café`;
    const first = await suggestModuleId(title);
    expect(first).toMatch(/^hinge-questions-[a-z0-9]+-ano-cafe$/);
    await expect(createDraft(owner, { moduleId: first, details: DETAILS })).resolves.toMatchObject({ moduleId: first });
    expect(await suggestModuleId(title)).toBe(`${first}-2`);
    expect(await suggestModuleId("Unconscious bias toolkit")).toBe("unconscious-bias-toolkit-2"); // taken by courses/
    expect(await suggestModuleId("!!!")).toMatch(/^module(-\d+)?$/);
  });

  it("adds up the listed activities' minutes (what CPD hours are checked against)", async () => {
    const { draftId } = await validDraft();
    const draft = await requireDraft(owner, draftId);
    const minutes = draft.files.map((f) => Number(readActivityFields(f.text).minutes));
    expect(draftActivityMinutes(draft)).toBe(minutes.reduce((a, b) => a + b, 0));
    expect(draftActivityMinutes(draft)).toBeGreaterThan(0);
  });
});

describe("who may preview a draft", () => {
  it("an admin previews any draft; an author their own or co-authored; another author only drafts in review", async () => {
    const { draftId, revision } = await validDraft();
    // Not in review: the owner and any admin may read it, another author may not.
    expect((await requireDraftToRead(owner, draftId)).id).toBe(draftId);
    expect((await requireDraftToRead(admin, draftId)).id).toBe(draftId);
    await expect(requireDraftToRead(secondAuthor, draftId)).rejects.toMatchObject({ status: 404 });
    await expect(requireDraftToRead(learner, draftId)).rejects.toMatchObject({ status: 403 });
    // In review: a reviewer may read it too.
    await expect(submitDraft(owner, { draftId, revision })).resolves.toBeUndefined();
    expect((await requireDraftToRead(secondAuthor, draftId)).id).toBe(draftId);
    expect((await requireDraftToRead(admin, draftId)).id).toBe(draftId);
  });
});

describe("co-authors", () => {
  it("lets a co-author edit, but not review, and only the owner manage co-authors", async () => {
    const { draftId, revision } = await validDraft();
    const learnerEmail = (await prisma.user.findUniqueOrThrow({ where: { id: learner.id } })).email;
    const secondEmail = (await prisma.user.findUniqueOrThrow({ where: { id: secondAuthor.id } })).email;
    await expect(addCoAuthor(owner, { draftId, email: learnerEmail })).rejects.toMatchObject({ code: "bad-request" });
    await expect(addCoAuthor(owner, { draftId, email: secondEmail.toUpperCase() })).resolves.toBeUndefined();
    expect((await listCoAuthors(owner, draftId)).map((u) => u.id)).toEqual([secondAuthor.id]);
    await expect(saveModuleDetails(secondAuthor, { draftId, revision, details: { ...DETAILS, title: "Co-written" } })).resolves.toEqual({
      revision: revision + 1,
    });
    await expect(addCoAuthor(secondAuthor, { draftId, email: secondEmail })).rejects.toMatchObject({ status: 403 });
    await submitDraft(secondAuthor, { draftId, revision: revision + 1 });
    await expect(decideReview(secondAuthor, { draftId, revision: revision + 1, decision: "approved", comments: "" })).rejects.toMatchObject(
      { status: 403 },
    );
    expect((await listReviewQueue(secondAuthor)).map((d) => d.id)).not.toContain(draftId);
    await removeCoAuthor(owner, { draftId, userId: secondAuthor.id });
    await expect(requireDraft(secondAuthor, draftId)).rejects.toMatchObject({ status: 404 });
  });
});

describe("export and import", () => {
  it("round-trips: export → import → export gives identical files, and the export passes the loader", async () => {
    const { draftId, moduleId } = await validDraft();
    const first = await exportDraftZip(owner, draftId);
    const unpacked = await zipToContent(first.bytes);
    expect(unpacked.folder).toBe(moduleId);
    expect((await loadCourseFromFiles(moduleId, toFileMap(unpacked.content))).ok).toBe(true);

    const copyId = `${moduleId}-copy`;
    const imported = await importDraftZip(secondAuthor, first.bytes, copyId);
    const copy = await requireDraft(secondAuthor, imported.draftId);
    const second = await exportDraftZip(secondAuthor, imported.draftId);
    const files = async (bytes: Uint8Array) => {
      const zip = await JSZip.loadAsync(bytes);
      const out: Record<string, string> = {};
      for (const entry of Object.values(zip.files))
        if (!entry.dir) out[entry.name.split("/").slice(1).join("/")] = await entry.async("string");
      return out;
    };
    const a = await files(first.bytes);
    const b = await files(second.bytes);
    expect(b["module.yaml"]).toBe(a["module.yaml"]!.replace(`id: ${moduleId}`, `id: ${copyId}`));
    expect({ ...b, "module.yaml": "" }).toEqual({ ...a, "module.yaml": "" });
    expect(copy.ownerId).toBe(secondAuthor.id);

    // Same id: refused while the original exists.
    await expect(importDraftZip(secondAuthor, first.bytes)).rejects.toMatchObject({ code: "bad-request" });
    // Identical bytes when nothing changed.
    expect(Buffer.from((await exportDraftZip(owner, draftId)).bytes).equals(Buffer.from(first.bytes))).toBe(true);
  });

  it("exports a zip that, unpacked into a courses/ folder, passes courses:check", async () => {
    const { draftId, moduleId } = await validDraft();
    const zip = await JSZip.loadAsync((await exportDraftZip(owner, draftId)).bytes);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-export-"));
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      fs.mkdirSync(path.join(root, path.dirname(entry.name)), { recursive: true });
      fs.writeFileSync(path.join(root, entry.name), await entry.async("nodebuffer"));
    }
    expect(fs.readdirSync(root)).toEqual([moduleId]);
    const [result] = await checkCourses(root);
    expect(result).toMatchObject({ ok: true, module: { meta: { id: moduleId } } });
  });

  it("refuses path traversal, media, bombs and non-zips", async () => {
    const zipOf = async (files: Record<string, string | Uint8Array>) => {
      const zip = new JSZip();
      for (const [name, content] of Object.entries(files)) zip.file(name, content, { createFolders: false });
      return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    };
    const yaml = "id: traversal-test\ntitle: T\n";
    await expect(importDraftZip(owner, await zipOf({ "module.yaml": yaml, "../evil.md": "x" }))).rejects.toMatchObject({
      code: "bad-request",
      details: [],
      message: expect.stringContaining("outside the module folder") as unknown,
    });
    await expect(importDraftZip(owner, await zipOf({ "module.yaml": yaml, "/etc/passwd.md": "x" }))).rejects.toMatchObject({
      code: "bad-request",
    });
    await expect(importDraftZip(owner, await zipOf({ "module.yaml": yaml, "media/clip.mp4": "x" }))).rejects.toMatchObject({
      code: "bad-request",
      details: [],
      message: expect.stringContaining("media/clip.mp4: “clip.mp4” does not contain a MP4 video") as unknown,
    });
    const bomb = await zipOf({ "module.yaml": yaml, "01-big.md": new Uint8Array(ZIP_LIMITS.maxFileBytes + 10) });
    expect(bomb.length).toBeLessThan(20_000); // compresses to almost nothing
    await expect(importDraftZip(owner, bomb)).rejects.toMatchObject({
      code: "bad-request",
      details: [],
      message: expect.stringContaining("larger than 1 MB once unpacked") as unknown,
    });
    await expect(importDraftZip(owner, new TextEncoder().encode("not a zip"))).rejects.toMatchObject({ code: "bad-request" });
    await expect(importDraftZip(owner, await contentToZip("x", { moduleYaml: "title: no id\n", files: [] }))).rejects.toMatchObject({
      code: "bad-request",
      details: [],
      message: expect.stringContaining("has no id") as unknown,
    });
  });
});
