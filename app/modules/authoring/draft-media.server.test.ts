import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { checkCourses } from "~/modules/catalog/check-courses.server.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { loadCourseFromFiles } from "~/modules/catalog/load-course.server.ts";
import { storeMediaBytes } from "~/modules/catalog/media-store.server.ts";
import type { MediaKind } from "~/modules/uploads/policy.ts";
import { tinyMp4, tinyPng, tinyVtt } from "~/modules/uploads/test-files.ts";
import { prisma } from "~/utils/db.server.ts";
import { readActivityFields } from "./draft-content.ts";
import { forgetImportedMedia } from "./draft-media.server.ts";
import { addActivity, attachMedia, createDraft, detachMedia, saveActivity } from "./drafts.server.ts";
import { addCoAuthor } from "./draft-co-authors.server.ts";
import { decideReview, submitDraft } from "./draft-review.server.ts";
import { requireDraft, type Actor } from "./draft-access.server.ts";
import { validateDraft } from "./draft-validation.server.ts";
import { previewDraftActivity } from "./preview.server.ts";
import { contentToZip, exportDraftZip, importDraftZip, zipToContent } from "./zip.server.ts";

let owner: Actor;
let coAuthor: Actor & { email: string };
let stranger: Actor;
let admin: Actor;

async function actor(roles: ("author" | "admin")[], name: string) {
  const user = await createUser({ roles, name });
  return { id: user.id, name, roles, email: user.email };
}

/** An asset as a finished upload leaves it: bytes in the media store, a MediaAsset row. */
async function asset(ownerId: string, kind: MediaKind, mime: string, bytes: Buffer, originalName: string, captionsForId?: string) {
  const ext = { "video/mp4": ".mp4", "text/vtt": ".vtt", "image/png": ".png" }[mime] ?? "";
  const stored = await storeMediaBytes(bytes, ext);
  return prisma.mediaAsset.create({
    data: { ownerId, kind, mime, bytes: stored.bytes, sha256: stored.sha256, fileName: stored.fileName, originalName, captionsForId },
  });
}

beforeAll(async () => {
  owner = await actor(["author"], "Olu Owner");
  coAuthor = await actor(["author"], "Cora Coauthor");
  stranger = await actor(["author"], "Stan Stranger");
  admin = await actor(["admin"], "Ada Admin");
});

let counter = 0;
/** A draft with a reading and a video activity pointing at media/intro.mp4 and media/intro.vtt. */
async function videoDraft() {
  const moduleId = `media-draft-${++counter}-${Date.now().toString(36)}`;
  const created = await createDraft(owner, {
    moduleId,
    details: {
      title: "Using video in lessons",
      summary: "Short clips that help pupils think.",
      outcomes: ["Choose a clip"],
      audience: ["primary-teachers"],
      keyStages: ["KS2"],
      topics: ["video"],
      cpdHours: 1,
      prerequisites: [],
    },
  });
  const reading = await addActivity(owner, { draftId: created.draftId, revision: 1, type: "reading", title: "Why video" });
  const video = await addActivity(owner, { draftId: created.draftId, revision: reading.revision, type: "video", title: "Watch the clip" });
  return { draftId: created.draftId, moduleId, revision: video.revision, videoPath: video.path };
}

describe("media in drafts", () => {
  it("attaches the author's video and captions; the loader then finds the files the video activity names", async () => {
    const { draftId, moduleId, revision, videoPath } = await videoDraft();
    const before = await validateDraft(await requireDraft(owner, draftId));
    expect(before.problems).toEqual([
      expect.objectContaining({
        file: `${moduleId}/${videoPath}`,
        path: "src",
        message: expect.stringContaining('File "media/intro.mp4" does not exist'),
      }),
      expect.objectContaining({ path: "captions", message: expect.stringContaining('File "media/intro.vtt" does not exist') }),
    ]);

    const video = await asset(owner.id, "video", "video/mp4", tinyMp4(300), "Intro.mp4");
    const captions = await asset(owner.id, "captions", "text/vtt", tinyVtt(), "intro.vtt", video.id);
    const first = await attachMedia(owner, { draftId, revision, path: "media/intro.mp4", assetId: video.id });
    // A stale revision is refused like any other save.
    await expect(attachMedia(owner, { draftId, revision, path: "media/intro.vtt", assetId: captions.id })).rejects.toMatchObject({
      status: 409,
    });
    // The name must fit the content.
    await expect(
      attachMedia(owner, { draftId, revision: first.revision, path: "media/intro.png", assetId: video.id }),
    ).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining(".mp4") as unknown,
    });
    await expect(attachMedia(owner, { draftId, revision: first.revision, path: "../intro.mp4", assetId: video.id })).rejects.toMatchObject({
      code: "bad-request",
    });
    const second = await attachMedia(owner, { draftId, revision: first.revision, path: "media/intro.vtt", assetId: captions.id });

    const draft = await requireDraft(owner, draftId);
    expect(draft.media).toEqual([
      { path: "media/intro.mp4", assetId: video.id },
      { path: "media/intro.vtt", assetId: captions.id },
    ]);
    const after = await validateDraft(draft);
    expect(after.problems).toEqual([]);
    expect(after.module?.assets).toEqual(["media/intro.mp4", "media/intro.vtt"]);

    const preview = await previewDraftActivity(draft, videoPath);
    expect(preview).toMatchObject({ ok: true, video: { src: `/media/${video.fileName}`, captions: `/media/${captions.fileName}` } });

    // Detaching the captions brings the loader's message back.
    await detachMedia(owner, { draftId, revision: second.revision, path: "media/intro.vtt" });
    expect((await validateDraft(await requireDraft(owner, draftId))).problems.map((p) => p.path)).toEqual(["captions"]);
  });

  it("validates without reading the video: media are hashed by their stored digest", async () => {
    const { draftId, revision } = await videoDraft();
    const video = await asset(owner.id, "video", "video/mp4", tinyMp4(4321), "big.mp4");
    const captions = await asset(owner.id, "captions", "text/vtt", tinyVtt(), "big.vtt", video.id);
    const first = await attachMedia(owner, { draftId, revision, path: "media/intro.mp4", assetId: video.id });
    await attachMedia(owner, { draftId, revision: first.revision, path: "media/intro.vtt", assetId: captions.id });
    const draft = await requireDraft(owner, draftId);
    const before = await validateDraft(draft);
    // The video's bytes are gone from the store, yet validation (and its content hash) is unchanged.
    fs.rmSync(path.join(process.env.MEDIA_DIR!, video.fileName));
    const after = await validateDraft(draft);
    expect(after.problems).toEqual([]);
    expect(after.module?.contentHash).toBe(before.module?.contentHash);
  });

  it("attaches a co-author's upload but never another author's (scoped in the query)", async () => {
    const { draftId, revision } = await videoDraft();
    const strangersVideo = await asset(stranger.id, "video", "video/mp4", tinyMp4(301), "theirs.mp4");
    await expect(attachMedia(owner, { draftId, revision, path: "media/intro.mp4", assetId: strangersVideo.id })).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining("only attach media uploaded by this module's authors") as unknown,
      details: [],
    });
    // Nor can the stranger touch the draft at all.
    await expect(attachMedia(stranger, { draftId, revision, path: "media/intro.mp4", assetId: strangersVideo.id })).rejects.toMatchObject({
      status: 404,
    });
    expect((await requireDraft(owner, draftId)).media).toEqual([]);

    await expect(addCoAuthor(owner, { draftId, email: coAuthor.email })).resolves.toBeUndefined();
    const coAuthorsVideo = await asset(coAuthor.id, "video", "video/mp4", tinyMp4(302), "shared.mp4");
    expect(await attachMedia(owner, { draftId, revision, path: "media/intro.mp4", assetId: coAuthorsVideo.id })).toMatchObject({
      revision: revision + 1,
    });
  });

  it("refuses to submit a video without captions, then submits, approves and publishes from the media store", async () => {
    const { draftId, moduleId, revision, videoPath } = await videoDraft();
    const video = await asset(owner.id, "video", "video/mp4", tinyMp4(303), "intro.mp4");
    // A .vtt attached as a file, but not uploaded as this video's captions.
    const loose = await asset(owner.id, "captions", "text/vtt", tinyVtt(), "loose.vtt");
    let rev = revision;
    for (const [path, assetId] of [
      ["media/intro.mp4", video.id],
      ["media/intro.vtt", loose.id],
    ] as const) {
      const attached = await attachMedia(owner, { draftId, revision: rev, path, assetId });
      rev = attached.revision;
    }
    await expect(submitDraft(owner, { draftId, revision: rev })).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining("Add captions (WebVTT) to intro.mp4 before submitting") as unknown,
    });
    expect((await requireDraft(owner, draftId)).status).toBe("draft");

    await prisma.mediaAsset.update({ where: { id: loose.id }, data: { captionsForId: video.id } });
    await expect(submitDraft(owner, { draftId, revision: rev })).resolves.toBeUndefined();
    expect(await decideReview(admin, { draftId, revision: rev, decision: "approved", comments: "" })).toEqual({ version: 1 });

    const version = await prisma.moduleVersion.findFirstOrThrow({
      where: { moduleId },
      select: { activities: { where: { type: "video" }, select: { data: true } } },
    });
    expect(JSON.parse(version.activities[0]!.data)).toEqual({ src: `/media/${video.fileName}`, captions: `/media/${loose.fileName}` });
    expect(videoPath).toMatch(/\.md$/);

    // Editing media afterwards leaves "export the published version" as approved, a valid courses/ folder.
    const approved = await requireDraft(owner, draftId);
    await detachMedia(owner, { draftId, revision: approved.revision, path: "media/intro.vtt" });
    const names = async (bytes: Uint8Array) => Object.keys((await JSZip.loadAsync(bytes)).files).sort();
    expect(await names((await exportDraftZip(owner, draftId)).bytes)).not.toContain(`${moduleId}/media/intro.vtt`);
    const published = await exportDraftZip(owner, draftId, "published");
    expect(await names(published.bytes)).toContain(`${moduleId}/media/intro.vtt`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-media-export-"));
    const zip = await JSZip.loadAsync(published.bytes);
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      fs.mkdirSync(path.join(root, path.dirname(entry.name)), { recursive: true });
      fs.writeFileSync(path.join(root, entry.name), await entry.async("nodebuffer"));
    }
    const [checked] = await checkCourses(root);
    expect(checked).toMatchObject({ ok: true, module: { assets: ["media/intro.mp4", "media/intro.vtt"] } });
  });

  it("exports media in the zip (a valid courses/ folder); import stores them as the importer's assets; export again is identical", async () => {
    const { draftId, moduleId, revision, videoPath } = await videoDraft();
    const video = await asset(owner.id, "video", "video/mp4", tinyMp4(304), "intro.mp4");
    const captions = await asset(owner.id, "captions", "text/vtt", tinyVtt(), "intro.vtt", video.id);
    const image = await asset(owner.id, "image", "image/png", tinyPng(), "diagram.png");
    let rev = revision;
    for (const [path, assetId] of [
      ["media/intro.mp4", video.id],
      ["media/intro.vtt", captions.id],
      ["media/diagram.png", image.id],
    ] as const) {
      const attached = await attachMedia(owner, { draftId, revision: rev, path, assetId });
      rev = attached.revision;
    }
    // An image in the transcript's Markdown resolves to the attached file.
    const draft = await requireDraft(owner, draftId);
    const fields = readActivityFields(draft.files.find((f) => f.path === videoPath)!.text);
    await saveActivity(owner, {
      draftId,
      revision: rev,
      path: videoPath,
      fields: { ...fields, body: `${fields.body}\n![A diagram](media/diagram.png)\n` },
    });
    const withImage = await requireDraft(owner, draftId);
    expect((await previewDraftActivity(withImage, videoPath)).ok && (await previewDraftActivity(withImage, videoPath))).toMatchObject({
      html: expect.stringContaining(`/media/${image.fileName}`) as unknown,
    });

    const first = await exportDraftZip(owner, draftId);
    const unpacked = await zipToContent(first.bytes);
    expect(unpacked.media.map((m) => m.path)).toEqual(["media/diagram.png", "media/intro.mp4", "media/intro.vtt"]);
    const folder = new Map<string, string | Uint8Array>([["module.yaml", unpacked.content.moduleYaml]]);
    for (const f of unpacked.content.files) folder.set(f.path, f.text);
    for (const m of unpacked.media) folder.set(m.path, m.bytes);
    expect((await loadCourseFromFiles(moduleId, folder)).ok).toBe(true);

    const imported = await importDraftZip(coAuthor, first.bytes, `${moduleId}-copy`);
    const copy = await requireDraft(coAuthor, imported.draftId);
    const assets = await prisma.mediaAsset.findMany({ where: { id: { in: copy.media.map((m) => m.assetId) } } });
    expect(assets.every((a) => a.ownerId === coAuthor.id)).toBe(true);
    expect(assets.find((a) => a.kind === "captions")?.captionsForId).toBe(assets.find((a) => a.kind === "video")?.id);
    expect((await validateDraft(copy)).problems).toEqual([]);

    const second = await exportDraftZip(coAuthor, imported.draftId);
    const entries = async (bytes: Uint8Array) => {
      const zip = await JSZip.loadAsync(bytes);
      const out: Record<string, string> = {};
      for (const entry of Object.values(zip.files))
        if (!entry.dir) out[entry.name.split("/").slice(1).join("/")] = Buffer.from(await entry.async("uint8array")).toString("base64");
      return out;
    };
    const a = await entries(first.bytes);
    const b = await entries(second.bytes);
    expect({ ...b, "module.yaml": "" }).toEqual({ ...a, "module.yaml": "" });
    expect(Object.keys(a)).toContain("media/intro.mp4");
  });

  it("forgets the media of a failed import, and only the importer's", async () => {
    const mine = await asset(owner.id, "image", "image/png", tinyPng(), "mine.png");
    const theirs = await asset(stranger.id, "image", "image/png", tinyPng(), "theirs.png");
    await forgetImportedMedia(owner.id, [
      { path: "media/a.png", assetId: mine.id },
      { path: "media/b.png", assetId: theirs.id },
    ]);
    expect(await prisma.mediaAsset.findUnique({ where: { id: mine.id } })).toBeNull();
    expect(await prisma.mediaAsset.findUnique({ where: { id: theirs.id } })).not.toBeNull();
  });

  it("refuses a zip whose media file is not what its name says, or is not an allowed type", async () => {
    const content = { moduleYaml: "id: disguised-media\ntitle: x\n", files: [] };
    const disguised = await contentToZip("disguised-media", content, [{ path: "media/intro.mp4", bytes: tinyPng() }]);
    await expect(importDraftZip(owner, disguised)).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining("media/intro.mp4") as unknown,
      details: [],
    });
    const script = await contentToZip("disguised-media", content, [{ path: "media/run.js", bytes: Buffer.from("alert(1)") }]);
    await expect(importDraftZip(owner, script)).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining("not a type you can upload") as unknown,
    });
    expect(await prisma.moduleDraft.count({ where: { moduleId: "disguised-media" } })).toBe(0);
  });
});
