/**
 * The module editor's forms, posted the way a hostile or careless author could post them: every
 * intent goes through one schema, someone else's draft is a 404 whatever the intent, and bad input
 * gets a 400 with a message (never a 500, never half a change).
 */
import { describe, expect, it } from "vitest";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import { addActivity, createDraft } from "~/modules/authoring/drafts.server.ts";
import { requireDraft, type Actor } from "~/modules/authoring/draft-access.server.ts";
import * as editorRoute from "~/routes/author.modules.$id._index.tsx";

const action = editorRoute.action as Handler;

async function author(name: string) {
  const user = await createUser({ name, roles: ["author"] });
  return { ...user, actor: { id: user.id, name, roles: ["author"] } as Actor };
}

async function draftOf(owner: Actor, { empty = false } = {}) {
  const moduleId = `editor-${Math.random().toString(36).slice(2, 10)}`;
  const created = await createDraft(owner, {
    moduleId,
    details: {
      title: "Unplugged algorithms at Key Stage 1",
      summary: "Sequencing and debugging without a screen.",
      outcomes: ["Plan an unplugged lesson"],
      audience: ["primary-teachers"],
      keyStages: ["KS1"],
      topics: ["algorithms"],
      cpdHours: 0.5,
      prerequisites: [],
    },
  });
  if (empty) return { moduleId, revision: 1, path: "" };
  const reading = await addActivity(owner, { draftId: created.draftId, revision: 1, type: "reading", title: "Why unplugged?" });
  return { moduleId, revision: reading.revision, path: reading.path };
}

const post = (moduleId: string, cookie: string, form: Record<string, string>) =>
  callRoute(action, `/author/modules/${moduleId}`, { id: moduleId }, cookie, form);

describe("the module editor's actions", () => {
  it("answer 404 for every intent on another author's draft, and change nothing", async () => {
    const owner = await author("Owner Author");
    const stranger = await author("Stranger Author");
    const { moduleId, revision, path } = await draftOf(owner.actor);
    const forms: Record<string, string>[] = [
      { intent: "move-down", revision: String(revision), path },
      { intent: "remove", revision: String(revision), path },
      { intent: "submit", revision: String(revision) },
      { intent: "add-section", revision: String(revision), title: "Mine now" },
      { intent: "add-co-author", email: "stranger@example.org" },
      { intent: "withdraw" },
      { intent: "archive" },
      { intent: "details", revision: String(revision), title: "Taken over" },
    ];
    for (const form of forms) expect((await post(moduleId, stranger.cookie, form)).status, form.intent).toBe(404);
    expect((await requireDraft(owner.actor, moduleId)).revision).toBe(revision);
  });

  it("refuse what this page never sends with a 400 and a message", async () => {
    const owner = await author("Careful Author");
    const { moduleId, revision, path } = await draftOf(owner.actor);
    const unknown = await post(moduleId, owner.cookie, { intent: "drop-table", revision: String(revision) });
    expect(unknown).toMatchObject({ status: 400, body: expect.stringContaining("That action was not understood.") as unknown });
    const noIntent = await post(moduleId, owner.cookie, { revision: String(revision) });
    expect(noIntent.status).toBe(400);
    const badRevision = await post(moduleId, owner.cookie, { intent: "move-down", revision: "soon", path });
    expect(badRevision).toMatchObject({ status: 400, body: expect.stringContaining("reload the page") as unknown });
    const emptyTitle = await post(moduleId, owner.cookie, { intent: "add-section", revision: String(revision), title: "   " });
    expect(emptyTitle).toMatchObject({ status: 400, body: expect.stringContaining("Give the section a title.") as unknown });
    expect((await requireDraft(owner.actor, moduleId)).revision).toBe(revision);
  });

  it("say why a draft cannot be submitted, listing each problem", async () => {
    const owner = await author("Hasty Author");
    const { moduleId, revision } = await draftOf(owner.actor, { empty: true }); // no activities yet
    const submitted = await post(moduleId, owner.cookie, { intent: "submit", revision: String(revision) });
    expect(submitted.status).toBe(400);
    const body = JSON.parse(submitted.body) as { error: string; problems: string[] };
    expect(body.error).toMatch(/cannot be submitted yet/);
    expect(body.problems.length).toBeGreaterThan(0);
    expect(body.problems[0]).toContain(`${moduleId}/`);
  });

  it("answer a stale revision with 409 and the conflict message", async () => {
    const owner = await author("Two Tabs Author");
    const { moduleId, revision, path } = await draftOf(owner.actor);
    expect((await post(moduleId, owner.cookie, { intent: "add-section", revision: String(revision), title: "Part two" })).status).toBe(302);
    const stale = await post(moduleId, owner.cookie, { intent: "move-down", revision: String(revision), path });
    expect(stale.status).toBe(409);
  });
});
