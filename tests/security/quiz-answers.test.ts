import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createUser, requestWithCookie } from "../factories/users.ts";
import { addActivity, createDraft } from "~/modules/authoring/drafts.server.ts";
import { action as apiProgress } from "~/routes/api.progress.ts";
import { action as previewAction } from "~/routes/author.modules.$id.preview.$activityId.tsx";
import { action as lessonAction, loader as lessonLoader } from "~/routes/courses.$moduleId.learn.$activityId.tsx";

/**
 * Issue 11, item 4 (ADR 0023): a quiz's right answers, accepted answers and explanations never reach
 * the browser before the author's rule allows, by any path that serialises quiz data: the lesson
 * page's loader (also what a fetcher or `?_data=` request gets), the lesson form's action, the
 * progress queue's JSON endpoint, and the author's preview.
 *
 * The fixture quiz (tests/factories/courses.ts): q1 single, a (wrong, hint "A is a common mix-up",
 * feedback "Not a") or b (right, feedback "Yes b"); q2 short, accepted "yes", feedback when wrong
 * "Type yes", hint "Think about agreeing".
 */
const WRONG = { q1: ["a"], q2: ["no"] };
const RIGHT = { q1: ["b"], q2: ["yes"] };

function answerLeaks(json: string): string[] {
  const tells = [
    "correctOptionIds",
    '"answer":',
    '"accepted"',
    '"correct":true,"feedback"',
    "Yes b",
    "Not a",
    '"text":"Type yes"',
    '"answers":["yes"]',
  ];
  return tells.filter((t) => json.includes(t));
}

async function enrolledOn(
  quiz: { revealAnswers?: "after-passing" | "after-attempts" | "after-any-attempt"; revealAfterAttempts?: number } = {},
) {
  const moduleId = `reveal-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({ id: moduleId, activities: [{ id: "quiz-1", type: "quiz", ...quiz }] });
  const user = await createUser();
  await enrol(user.id, moduleId);
  const url = `http://localhost/courses/${moduleId}/learn/quiz-1`;
  const args = () => ({ params: { moduleId, activityId: "quiz-1" }, context: { cspNonce: "n", clientIp: "127.0.0.1" } });
  return {
    /** What the lesson page (or a fetcher asking for its data) sends to the browser, as JSON. */
    async lessonData() {
      return JSON.stringify(await lessonLoader({ ...args(), request: requestWithCookie(user.cookie, url) }));
    },
    /** An attempt through the progress queue's endpoint; returns its JSON answer. */
    async attempt(answers: Record<string, string[]>) {
      const request = new Request("http://localhost/api/progress", {
        method: "POST",
        headers: { Cookie: user.cookie.split(";")[0]!, "Content-Type": "application/json" },
        body: JSON.stringify({ moduleId, activityId: "quiz-1", clientId: crypto.randomUUID(), intent: "quiz", answers }),
      });
      const response = await apiProgress({ ...args(), request });
      expect(response.status).toBe(200);
      return response.text();
    },
    /** An attempt through the lesson page's own form (no JavaScript). */
    async formAttempt(answers: Record<string, string[]>) {
      const form = new FormData();
      form.set("intent", "quiz");
      form.set("clientId", crypto.randomUUID());
      for (const [q, values] of Object.entries(answers)) for (const v of values) form.append(`answer.${q}`, v);
      const request = new Request(url, { method: "POST", headers: { Cookie: user.cookie.split(";")[0]! }, body: form });
      try {
        return await lessonAction({ ...args(), request });
      } catch (thrown) {
        return thrown; // a redirect
      }
    },
  };
}

describe("quiz answers before the author's rule allows (default: after passing)", () => {
  it("the lesson data after one wrong attempt has the score and hints, but no answers", async () => {
    const learner = await enrolledOn();
    expect(answerLeaks(await learner.attempt(WRONG))).toEqual([]);
    const data = await learner.lessonData();
    expect(answerLeaks(data)).toEqual([]);
    expect(data).toContain('"revealed":false');
    expect(data).toContain("A is a common mix-up");
    expect(data).toContain("Think about agreeing");
  });

  it("the attack: two (or five) wrong attempts still reveal nothing; passing then reveals the answers", async () => {
    const learner = await enrolledOn();
    for (let i = 0; i < 5; i += 1) {
      await learner.attempt(i % 2 ? WRONG : { q1: ["a"], q2: ["maybe"] });
      expect(answerLeaks(await learner.lessonData())).toEqual([]);
    }
    await learner.attempt(RIGHT);
    const data = await learner.lessonData();
    expect(data).toContain('"revealed":true');
    expect(data).toContain("Yes b");
  });

  it("the lesson form's action answers with a redirect, not with a graded result", async () => {
    const learner = await enrolledOn();
    const response = (await learner.formAttempt(WRONG)) as Response;
    expect(response.status).toBe(302);
    expect(answerLeaks(await response.text())).toEqual([]);
    expect(answerLeaks(await learner.lessonData())).toEqual([]);
  });
});

describe("the author's other rules", () => {
  it("after 2 attempts: nothing after the first, the answers after the second", async () => {
    const learner = await enrolledOn({ revealAnswers: "after-attempts", revealAfterAttempts: 2 });
    await learner.attempt(WRONG);
    const first = await learner.lessonData();
    expect(answerLeaks(first)).toEqual([]);
    expect(first).toContain("1 more to go");
    await learner.attempt(WRONG);
    const second = await learner.lessonData();
    expect(second).toContain('"revealed":true');
    expect(second).toContain('"optionIds":["b"]');
    expect(second).toContain('"accepted":["yes"]');
  });

  it("after any attempt: the answers after the first", async () => {
    const learner = await enrolledOn({ revealAnswers: "after-any-attempt" });
    expect(answerLeaks(await learner.lessonData())).toEqual([]); // no attempt yet
    await learner.attempt(WRONG);
    expect(await learner.lessonData()).toContain('"optionIds":["b"]');
  });
});

describe("the author's preview", () => {
  it("shows a wrong attempt as a learner's first attempt: no answers under the default rule", async () => {
    const author = await createUser({ roles: ["author"], name: "Pat Preview" });
    const actor = { id: author.id, name: "Pat Preview", roles: ["author" as const] };
    const created = await createDraft(actor, {
      moduleId: `preview-${crypto.randomBytes(4).toString("hex")}`,
      details: {
        title: "Previewing a quiz",
        summary: "A draft with one quiz, previewed.",
        outcomes: ["Preview"],
        audience: ["primary-teachers"],
        keyStages: ["KS2"],
        topics: ["testing"],
        cpdHours: 1,
        prerequisites: [],
      },
    });
    const quiz = await addActivity(actor, { draftId: created.draftId, revision: 1, type: "quiz", title: "Check" });
    const form = new FormData();
    form.set("answer.q1", "b"); // the template's wrong option
    const request = new Request(`http://localhost/author/modules/${created.draftId}/preview/${quiz.path}`, {
      method: "POST",
      headers: { Cookie: author.cookie.split(";")[0]! },
      body: form,
    });
    const result = await previewAction({
      request,
      params: { id: created.draftId, activityId: quiz.path },
      context: { cspNonce: "n", clientIp: "127.0.0.1" },
    });
    const json = JSON.stringify(result);
    expect(json).toContain('"revealed":false');
    expect(json).toContain("Read the question again."); // the template's hint
    for (const tell of ["correctOptionIds", '"answer":', "It is this one"]) expect(json).not.toContain(tell);
  });
});
