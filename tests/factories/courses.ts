import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { publishCourses } from "~/modules/catalog/publish.server.ts";
import { prisma } from "~/utils/db.server.ts";

type FixtureActivity = (
  | { id: string; type: "reading"; title?: string }
  | { id: string; type: "reflection"; title?: string }
  | {
      id: string;
      type: "quiz";
      title?: string;
      passMark?: number;
      /** When the right answers are shown; absent means the default (after passing). */
      revealAnswers?: "after-passing" | "after-attempts" | "after-any-attempt";
      revealAfterAttempts?: number;
    }
  | { id: string; type: "code"; title?: string; kind?: "write" | "predict"; language?: "python" | "javascript" }
  | { id: string; type: "blocks"; title?: string }
) & { /** Stated minutes (default 5). */ minutes?: number };

/** Writes a small, valid module folder and publishes it through the real publishing code. */
export async function publishFixtureModule({
  id,
  activities,
  title = "A fixture module",
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-courses-")),
}: {
  id: string;
  activities: FixtureActivity[];
  title?: string;
  root?: string;
}) {
  const dir = path.join(root, id);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = activities.map((a, i) => `${String(i + 1).padStart(2, "0")}-${a.id}.md`);
  fs.writeFileSync(
    path.join(dir, "module.yaml"),
    [
      `id: ${id}`,
      `title: ${title}`,
      "summary: A short module used by the tests.",
      "outcomes: [Explain the thing]",
      "audience: [primary-teachers]",
      "keyStages: [KS2]",
      "topics: [testing]",
      "cpdHours: 1",
      "authors: [{ name: Test Author, role: author }]",
      "completion: { required: all }",
      "sections:",
      "  - title: Only section",
      "    activities:",
      ...files.map((f) => `      - ${f}`),
    ].join("\n"),
  );
  activities.forEach((a, i) => {
    const head = [`id: ${a.id}`, `type: ${a.type}`, `title: ${a.title ?? `Activity ${a.id}`}`, `minutes: ${a.minutes ?? 5}`];
    if (a.type === "reflection") head.push("prompt: What will you try next week?");
    if (a.type === "quiz") {
      head.push(`passMark: ${a.passMark ?? 100}`);
      if (a.revealAnswers) head.push(`revealAnswers: ${a.revealAnswers}`);
      if (a.revealAfterAttempts !== undefined) head.push(`revealAfterAttempts: ${a.revealAfterAttempts}`);
      head.push(
        "questions:",
        "  - id: q1",
        "    kind: single",
        "    prompt: Pick b",
        "    options:",
        "      - { id: a, text: A, correct: false, feedback: Not a, hint: A is a common mix-up }",
        "      - { id: b, text: B, correct: true, feedback: Yes b }",
        "  - id: q2",
        "    kind: short",
        "    prompt: Type yes",
        "    answers: [yes]",
        "    feedback: { correct: Good, incorrect: Type yes, hint: Think about agreeing }",
      );
    }
    if (a.type === "code" && a.kind === "predict") {
      // Predict without tests: completed by running the program after a prediction.
      head.push("language: python", "kind: predict", "predict: { question: What does it print? }", 'solution: print("hi")');
    } else if (a.type === "code" && a.language === "javascript") {
      head.push(
        "language: javascript",
        "kind: write",
        'starter: "function double(n) {\\n}\\n"',
        'solution: "function double(n) {\\n  return n * 2;\\n}\\n"',
        'wrongSolutions: ["function double(n) {\\n  return n + 2;\\n}\\n"]',
        "inputs: []",
        "hints: [Use `return`.]",
        "tests:",
        "  - { name: doubles 2, code: 'assertEqual(double(2), 4);', message: double(2) should be 4 }",
        "  - { name: doubles 5, code: 'assertEqual(double(5), 10);', message: double(5) should be 10 }",
      );
    } else if (a.type === "code") {
      head.push(
        "language: python",
        "kind: write",
        'starter: "def double(n):\\n    pass\\n"',
        'solution: "def double(n):\\n    return n * 2\\n"',
        'wrongSolutions: ["def double(n):\\n    return n + 2\\n"]',
        "inputs: []",
        "hints: [Use `return`.]",
        "tests:",
        "  - { name: doubles 2, code: assert double(2) == 4, message: double(2) should be 4 }",
      );
    }
    if (a.type === "blocks") {
      // Walk 50 steps to the right with a move block (at most 3 blocks).
      head.push(
        "toolbox: [event_whenflagclicked, motion_movesteps, motion_turnright]",
        "maxBlocks: 3",
        "starting: { version: 1, scripts: [{ type: event_whenflagclicked, body: [] }] }",
        "solution: { version: 1, scripts: [{ type: event_whenflagclicked, body: [{ type: motion_movesteps, steps: 50 }] }] }",
        "goals: [{ type: position, x: 50, y: 0 }, { type: usesBlocks, blocks: [motion_movesteps] }]",
        "hints: [Use a move block.]",
      );
    }
    fs.writeFileSync(path.join(dir, files[i]!), `---\n${head.join("\n")}\n---\n\nSome text for ${a.id}.\n`);
  });
  const [outcome] = await publishCourses(root, [id]);
  if (!outcome || outcome.status === "refused") throw new Error(`fixture refused: ${JSON.stringify(outcome)}`);
  return { root, outcome };
}

export async function enrol(userId: string, moduleId: string) {
  return prisma.enrolment.create({ data: { userId, moduleId } });
}
