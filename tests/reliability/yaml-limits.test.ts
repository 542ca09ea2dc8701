import { beforeAll, describe, expect, it } from "vitest";
import { addActivity, createDraft } from "~/modules/authoring/drafts.server.ts";
import { getDraft } from "~/modules/authoring/draft-access.server.ts";
import type { Actor } from "~/modules/authoring/draft-access.server.ts";
import { parseAuthorYaml, YAML_ALIAS_MESSAGE } from "~/modules/catalog/author-yaml.ts";
import * as draftPage from "~/routes/author.modules.$id._index.tsx";
import * as editorPage from "~/routes/author.modules.$id.activities.$activityId.tsx";
import * as previewPage from "~/routes/author.modules.$id.preview.$activityId.tsx";
import { prisma } from "~/utils/db.server.ts";
import { createUser } from "../factories/users.ts";

/** Issue 11, item 5c: a YAML alias bomb in an activity's settings. */
const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
  "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
  "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
  "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
].join("\n");

let owner: Actor;
let cookie: string;
let draftId: string;
let moduleId: string;
let path: string;

beforeAll(async () => {
  const user = await createUser({ roles: ["author"], name: "Yara Yaml" });
  owner = { id: user.id, name: "Yara Yaml", roles: ["author"] };
  cookie = user.cookie.split(";")[0]!;
  const created = await createDraft(owner, {
    moduleId: `yaml-bomb-${Date.now().toString(36)}`,
    details: {
      title: "Alias bombs",
      summary: "A module for the YAML limit tests.",
      outcomes: ["Refuse alias bombs"],
      audience: ["primary-teachers"],
      keyStages: ["KS2"],
      topics: ["testing"],
      cpdHours: 1,
      prerequisites: [],
    },
  });
  draftId = created.draftId;
  moduleId = created.moduleId; // editor URLs name the module (ADR 0040)
  const reading = await addActivity(owner, { draftId, revision: 1, type: "reading", title: "A reading" });
  path = reading.path;
});

function get(url: string) {
  return new Request(`http://localhost${url}`, { headers: { Cookie: cookie } });
}

/** What Remix would answer for a loader: its value, or the status of what it threw (500 for a non-Response). */
async function status(run: () => Promise<unknown>): Promise<number> {
  try {
    const value = await run();
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : 500;
  }
}

describe("author YAML limits", () => {
  it("reports an alias bomb as a problem of the document, quickly", () => {
    const started = performance.now();
    const doc = parseAuthorYaml(BOMB);
    expect(doc.errors.map((e) => e.message)).toEqual([YAML_ALIAS_MESSAGE]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(parseAuthorYaml("a: &x 1\nb: *x").errors).toEqual([]);
    expect(parseAuthorYaml(`k: "${"x".repeat(200_001)}"`).errors[0]?.message).toMatch(/too long/);
  });

  it("refuses to save an alias bomb, with a message on the settings field", async () => {
    const draft = (await getDraft(owner, draftId))!;
    const body = new URLSearchParams({
      intent: "save",
      revision: String(draft.revision),
      id: "a-reading",
      title: "A reading",
      minutes: "5",
      settings: BOMB,
      body: "Some text.",
    });
    const request = new Request(`http://localhost/author/modules/${draftId}/activities/${path}`, {
      method: "POST",
      body,
      headers: { Cookie: cookie },
    });
    const response = (await editorPage.action({
      request,
      params: { id: draftId, activityId: path },
      context: { clientIp: "x", cspNonce: "" },
    })) as unknown as {
      init: { status: number };
      data: { result: { error: Record<string, string[]> } };
    };
    expect(response.init.status).toBe(400);
    expect(response.data.result.error.settings?.[0]).toMatch(/aliases/);
    expect((await getDraft(owner, draftId))!.revision).toBe(draft.revision); // nothing saved
  });

  it("renders the draft page, the editor and the preview of an already-stored bomb (so the author can repair it)", async () => {
    const draft = (await getDraft(owner, draftId))!;
    const files = draft.files.map((f) =>
      f.path === path
        ? { path: f.path, text: `---\nid: a-reading\ntype: reading\ntitle: A reading\nminutes: 5\n${BOMB}\n---\nSome text.\n` }
        : f,
    );
    await prisma.moduleDraft.update({ where: { id: draftId }, data: { files: JSON.stringify(files) } });
    const context = { clientIp: "x", cspNonce: "" };

    expect(await status(() => draftPage.loader({ request: get(`/author/modules/${moduleId}`), params: { id: moduleId }, context }))).toBe(
      200,
    );
    const editorUrl = `/author/modules/${moduleId}/activities/${path}`;
    const editor = (await editorPage.loader({ request: get(editorUrl), params: { id: moduleId, activityId: path }, context })) as {
      fields: { settings: string };
      problems: string[];
    };
    expect(editor.fields.settings).toContain("*a"); // the author sees what is stored and can fix it
    expect(editor.problems.join(" ")).toMatch(/aliases/);
    expect(
      await status(() =>
        previewPage.loader({
          request: get(`/author/modules/${moduleId}/preview/${path}`),
          params: { id: moduleId, activityId: path },
          context,
        }),
      ),
    ).toBe(200);
  });
});
