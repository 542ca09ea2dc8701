import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveMedia } from "../../server/media.ts";
import { securityHeaders } from "../../server/security.ts";
import { createUser } from "../factories/users.ts";
import { createUserSession } from "~/modules/auth/session.server.ts";
import { readActivityFields } from "~/modules/authoring/draft-content.ts";
import { addActivity, attachMedia, createDraft, saveActivity } from "~/modules/authoring/drafts.server.ts";
import { addCoAuthor } from "~/modules/authoring/draft-co-authors.server.ts";
import { decideReview, submitDraft } from "~/modules/authoring/draft-review.server.ts";
import { requireDraft, type Actor } from "~/modules/authoring/draft-access.server.ts";
import { storeMediaBytes } from "~/modules/catalog/media-store.server.ts";
import { tinyPng } from "~/modules/uploads/test-files.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";

/**
 * Issue 11 (lower severity): an upload that no published version uses was served to anyone who knew
 * its hash URL. Over real HTTP, through the same /media wiring as the server: unpublished media only
 * for its authors, co-authors, reviewers (while in review) and admins; published media for everyone.
 */

type Person = Actor & { cookie: string };
let server: ReturnType<express.Express["listen"]>;
let base = "";
const people: Record<"owner" | "coAuthor" | "otherAuthor" | "admin" | "learner", Person> = {} as never;

async function person(roles: ("author" | "admin")[], name: string): Promise<Person> {
  const user = await createUser({ roles, name });
  const cookie = (await createUserSession(user.id)).split(";")[0]!;
  return { id: user.id, name, roles, cookie };
}

function get(url: string, who?: Person) {
  return fetch(`${base}${url}`, { headers: who ? { cookie: who.cookie } : {} });
}

beforeAll(async () => {
  people.owner = await person(["author"], "Olu Owner");
  people.coAuthor = await person(["author"], "Cora Coauthor");
  people.otherAuthor = await person(["author"], "Stan Stranger");
  people.admin = await person(["admin"], "Ada Admin");
  people.learner = await person([], "Lee Learner");
  const app = express();
  app.use(securityHeaders({ development: false, https: false }));
  app.use("/media", serveMedia(getEnv().MEDIA_DIR));
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

/** A draft whose reading shows an uploaded image, attached as media/diagram.png. */
async function draftWithImage() {
  const { owner } = people;
  const stored = await storeMediaBytes(Buffer.concat([tinyPng(), Buffer.from(`${Date.now()}-${Math.random()}`)]), ".png");
  const asset = await prisma.mediaAsset.create({
    data: {
      ownerId: owner.id,
      kind: "image",
      mime: "image/png",
      bytes: stored.bytes,
      sha256: stored.sha256,
      fileName: stored.fileName,
      originalName: "diagram.png",
    },
  });
  const moduleId = `media-access-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const created = await createDraft(owner, {
    moduleId,
    details: {
      title: "Diagrams that teach",
      summary: "Pictures that help pupils think.",
      outcomes: ["Choose a diagram"],
      audience: ["primary-teachers"],
      keyStages: ["KS2"],
      topics: ["diagrams"],
      cpdHours: 1,
      prerequisites: [],
    },
  });
  const { draftId } = created;
  const reading = await addActivity(owner, { draftId, revision: 1, type: "reading", title: "A diagram" });
  const attached = await attachMedia(owner, { draftId, revision: reading.revision, path: "media/diagram.png", assetId: asset.id });
  const draft = await requireDraft(owner, draftId);
  const fields = readActivityFields(draft.files.find((f) => f.path === reading.path)!.text);
  const saved = await saveActivity(owner, {
    draftId,
    revision: attached.revision,
    path: reading.path,
    fields: { ...fields, body: "![A labelled diagram](media/diagram.png)" },
  });
  return { draftId, revision: saved.revision, url: stored.url };
}

describe("media that no published version uses", () => {
  it("is a 404 for outsiders and other learners and authors; its author, co-authors, reviewers and admins get it", async () => {
    const { owner, coAuthor, otherAuthor, admin, learner } = people;
    const { draftId, revision, url } = await draftWithImage();
    const coAuthorEmail = (await prisma.user.findUniqueOrThrow({ where: { id: coAuthor.id } })).email;
    await expect(addCoAuthor(owner, { draftId, email: coAuthorEmail })).resolves.toBeUndefined();

    for (const who of [undefined, learner, otherAuthor]) {
      const response = await get(url, who);
      expect(response.status, who?.name ?? "anonymous").toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).not.toContain("PNG");
    }
    for (const who of [owner, coAuthor, admin]) {
      const response = await get(url, who);
      expect(response.status, who.name).toBe(200);
      expect(response.headers.get("content-disposition")).toBe("attachment");
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }

    // While it is in review, authors (who review) may see it; learners still may not.
    await expect(submitDraft(owner, { draftId, revision })).resolves.toBeUndefined();
    expect((await get(url, otherAuthor)).status).toBe(200);
    expect((await get(url, learner)).status).toBe(404);
    expect((await get(url)).status).toBe(404);
  }, 60_000);

  it("becomes public and cacheable for ever once a published version uses it", async () => {
    const { owner, admin } = people;
    const { draftId, revision, url } = await draftWithImage();
    expect((await get(url)).status).toBe(404);
    await expect(submitDraft(owner, { draftId, revision })).resolves.toBeUndefined();
    expect(await decideReview(admin, { draftId, revision, decision: "approved", comments: "" })).toMatchObject({
      version: expect.any(Number) as unknown,
    });
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe("attachment");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  }, 60_000);

  it("leaves files that are not uploads (a courses/ module's own media) public, and unknown names a 404", async () => {
    const stored = await storeMediaBytes(Buffer.from(`not an upload ${Date.now()}`), ".png");
    expect((await get(stored.url)).status).toBe(200);
    expect((await get(`/media/${"0".repeat(64)}.png`)).status).toBe(404);
  });
});
