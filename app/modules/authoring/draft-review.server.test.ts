/**
 * Review and publishing (draft-review.server.ts): submitting runs the checks courses:check runs,
 * a second author or an admin decides about the revision they saw, approval publishes a version.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { createActor, createValidDraft, DRAFT_DETAILS } from "../../../tests/factories/drafts.ts";
import { publishCourses } from "~/modules/catalog/publish.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { readActivityFields } from "./draft-content.ts";
import { addActivity, archiveDraft, createDraft, saveActivity, saveModuleDetails } from "./drafts.server.ts";
import { decideReview, listReviewQueue, submitDraft, withdrawDraft, STALE_REVIEW_MESSAGE } from "./draft-review.server.ts";
import { getAuthorDashboard } from "./author-dashboard.server.ts";
import { requireDraft, type Actor } from "./draft-access.server.ts";
import { validateDraft } from "./draft-validation.server.ts";
import { exportDraftZip, zipToContent } from "./zip.server.ts";

const DETAILS = DRAFT_DETAILS;

let owner: Actor;
let secondAuthor: Actor;
let admin: Actor;

beforeAll(async () => {
  owner = await createActor(["author"], "Olu Owner");
  secondAuthor = await createActor(["author"], "Sam Second");
  admin = await createActor(["admin"], "Ada Admin");
});

const validDraft = (moduleId?: string) => createValidDraft(owner, moduleId);

describe("review and publishing", () => {
  it("refuses to submit an invalid draft and says why", async () => {
    const created = await createDraft(owner, { moduleId: `empty-${Date.now().toString(36)}`, details: DETAILS });
    await expect(submitDraft(owner, { draftId: created.draftId, revision: 1 })).rejects.toMatchObject({
      code: "bad-request",
      message: expect.stringContaining("cannot be submitted") as unknown,
      details: expect.arrayContaining([expect.stringContaining("The list is empty")]) as unknown,
    });
  });

  it("runs every exercise's checks on submit, as courses:check does: a solution that fails its tests is refused", async () => {
    const { draftId, revision } = await validDraft();
    const added = await addActivity(owner, { draftId, revision, type: "code", title: "Double a number", activityId: "double" });
    const draft = await requireDraft(owner, draftId);
    const fields = readActivityFields(draft.files.find((f) => f.path === added.path)!.text);
    const saved = await saveActivity(owner, {
      draftId,
      revision: added.revision,
      path: added.path,
      fields: { ...fields, settings: fields.settings.replace("return n * 2", "return n * 3") },
    });
    // The draft loads cleanly (the schema is satisfied): only running the tests finds the problem.
    expect((await validateDraft(await requireDraft(owner, draftId))).problems).toEqual([]);
    // Each problem is listed as "<file>: line <n>, <field>: <message>".
    await expect(submitDraft(owner, { draftId, revision: saved.revision })).rejects.toMatchObject({
      code: "bad-request",
      details: expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${draft.moduleId}/${added.path}: line \\d+, solution: `)),
      ]) as unknown,
    });
    expect((await requireDraft(owner, draftId)).status).toBe("draft");
  }, 120_000);

  it("approval by a second author publishes an immutable version that learners can see", async () => {
    const { draftId, moduleId, revision } = await validDraft();
    await expect(submitDraft(owner, { draftId, revision })).resolves.toBeUndefined();
    // Locked while in review.
    await expect(saveModuleDetails(owner, { draftId, revision, details: DETAILS })).rejects.toMatchObject({ status: 409 });
    // Not by the owner; the queue of another author lists it.
    await expect(decideReview(owner, { draftId, revision, decision: "approved", comments: "" })).rejects.toMatchObject({ status: 403 });
    expect((await listReviewQueue(owner)).map((d) => d.id)).not.toContain(draftId);
    expect((await listReviewQueue(secondAuthor)).map((d) => d.id)).toContain(draftId);

    expect(await decideReview(secondAuthor, { draftId, revision, decision: "approved", comments: "Lovely." })).toEqual({ version: 1 });
    const mod = await prisma.module.findUniqueOrThrow({
      where: { id: moduleId },
      include: { currentVersion: { include: { activities: true } } },
    });
    expect(mod.source).toBe("browser");
    expect(mod.currentVersion).toMatchObject({ number: 1, title: DETAILS.title });
    expect(mod.currentVersion!.activities.map((a) => a.type)).toEqual(["reading", "quiz"]);
    expect(mod.currentVersion!.activities[0]!.html).toContain("<p>Write the reading here, in Markdown.</p>");

    const dashboard = await getAuthorDashboard(owner);
    expect(dashboard.find((d) => d.id === draftId)).toMatchObject({
      status: "published",
      publishedVersions: 1,
      lastReview: { decision: "approved", comments: "Lovely.", reviewer: "Sam Second" },
    });

    // Editing after publication makes a draft of version 2; the published version (and its export) stays.
    await expect(exportDraftZip(owner, draftId, "published")).resolves.toMatchObject({ fileName: `${moduleId}-published.zip` });
    const draft = await requireDraft(owner, draftId);
    await saveModuleDetails(owner, { draftId, revision: draft.revision, details: { ...DETAILS, title: "Questioning, second edition" } });
    expect((await requireDraft(owner, draftId)).status).toBe("draft");
    expect(await prisma.moduleVersion.count({ where: { moduleId } })).toBe(1);
    const published = await zipToContent((await exportDraftZip(owner, draftId, "published")).bytes);
    expect(published.content.moduleYaml).toContain(`title: ${DETAILS.title}`);
    const working = await zipToContent((await exportDraftZip(owner, draftId)).bytes);
    expect(working.content.moduleYaml).toContain("title: Questioning, second edition");
    const again = await requireDraft(owner, draftId);
    await expect(submitDraft(owner, { draftId, revision: again.revision })).resolves.toBeUndefined();
    expect(await decideReview(admin, { draftId, revision: again.revision, decision: "approved", comments: "" })).toEqual({ version: 2 });
  });

  it("approval names the revision reviewed: after withdraw, edit and resubmit, the old approval is refused", async () => {
    const { draftId, moduleId, revision, readingPath } = await validDraft();
    await expect(submitDraft(owner, { draftId, revision })).resolves.toBeUndefined();
    const seen = (await listReviewQueue(secondAuthor)).find((d) => d.id === draftId)!;
    expect(seen.revision).toBe(revision);

    // The author takes it back, changes the reading and submits again while the reviewer's page is open.
    await withdrawDraft(owner, { draftId });
    const withdrawn = await requireDraft(owner, draftId);
    const fields = readActivityFields(withdrawn.files.find((f) => f.path === readingPath)!.text);
    const saved = await saveActivity(owner, {
      draftId,
      revision: withdrawn.revision,
      path: readingPath,
      fields: { ...fields, body: "Something the reviewer never saw." },
    });
    await expect(submitDraft(owner, { draftId, revision: saved.revision })).resolves.toBeUndefined();

    for (const decision of ["approved", "returned"] as const) {
      const decided = decideReview(secondAuthor, { draftId, revision: seen.revision, decision, comments: "Looks fine." });
      await expect(decided).rejects.toMatchObject({ code: "conflict", status: 409, message: STALE_REVIEW_MESSAGE, details: [] });
    }
    expect(await prisma.moduleVersion.count({ where: { moduleId } })).toBe(0);
    expect((await requireDraft(owner, draftId)).status).toBe("in_review");

    // A review of the new revision works, and publishes the content that was reviewed.
    const fresh = (await listReviewQueue(secondAuthor)).find((d) => d.id === draftId)!;
    expect(fresh.revision).toBe(saved.revision);
    expect(await decideReview(secondAuthor, { draftId, revision: fresh.revision, decision: "approved", comments: "" })).toEqual({
      version: 1,
    });
    const version = await prisma.moduleVersion.findFirstOrThrow({ where: { moduleId }, include: { activities: true } });
    expect(version.activities[0]!.html).toContain("Something the reviewer never saw.");
  });

  it("a courses/ folder cannot publish over a module authored in the browser", async () => {
    const { draftId, moduleId, revision } = await validDraft();
    await submitDraft(owner, { draftId, revision });
    await decideReview(admin, { draftId, revision, decision: "approved", comments: "" });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-clash-"));
    const zip = await JSZip.loadAsync((await exportDraftZip(owner, draftId)).bytes);
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      fs.mkdirSync(path.join(root, path.dirname(entry.name)), { recursive: true });
      fs.writeFileSync(path.join(root, entry.name), (await entry.async("string")).replace("Write the reading here", "Changed in Git"));
    }
    const [outcome] = await publishCourses(root);
    expect(outcome).toMatchObject({
      status: "refused",
      problems: [{ path: "id", message: expect.stringContaining("authored in the browser") as unknown }],
    });
    expect(await prisma.moduleVersion.count({ where: { moduleId } })).toBe(1);
  });

  it("returns a draft with comments (required) and archives a published module", async () => {
    const { draftId, moduleId, revision } = await validDraft();
    await submitDraft(owner, { draftId, revision });
    await expect(decideReview(admin, { draftId, revision, decision: "returned", comments: " " })).rejects.toMatchObject({
      code: "bad-request",
    });
    expect(await decideReview(admin, { draftId, revision, decision: "returned", comments: "Add a second question." })).toEqual({});
    expect((await requireDraft(owner, draftId)).status).toBe("draft");
    expect((await getAuthorDashboard(owner)).find((d) => d.id === draftId)?.lastReview).toMatchObject({
      decision: "returned",
      comments: "Add a second question.",
    });

    await submitDraft(owner, { draftId, revision });
    await decideReview(admin, { draftId, revision, decision: "approved", comments: "" });
    await expect(archiveDraft(secondAuthor, { draftId })).rejects.toMatchObject({ status: 404 });
    await archiveDraft(owner, { draftId });
    expect((await requireDraft(owner, draftId)).status).toBe("archived");
    expect((await prisma.module.findUniqueOrThrow({ where: { id: moduleId } })).archivedAt).not.toBeNull();
  });
});
