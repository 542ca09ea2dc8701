import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkCourses } from "~/modules/catalog/check-courses.server.ts";
import type { CourseProblem } from "../catalog/load-course.server.ts";
import { createExerciseCheck } from "./check-exercises.server.ts";
import { createSandboxRunner } from "../sandbox/sandbox.server.ts";

const check = createExerciseCheck(createSandboxRunner({ timeoutMs: 1_500 }));
afterAll(() => check.close());

/** Writes a module folder with one activity file per entry (front matter as YAML text) and checks it. */
async function checkModule(activities: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-exercise-check-"));
  const dir = path.join(root, "exercises");
  fs.mkdirSync(dir);
  const files = Object.keys(activities);
  fs.writeFileSync(
    path.join(dir, "module.yaml"),
    [
      "id: exercise-check",
      "title: Exercise check",
      "summary: A module for testing the exercise check.",
      "outcomes: [Write code]",
      "audience: [it-professionals]",
      "keyStages: [KS3]",
      "topics: [programming]",
      "cpdHours: 1",
      "authors: [{ name: Test Author, role: author }]",
      "completion: { required: all }",
      "sections:",
      "  - title: Exercises",
      "    activities:",
      ...files.map((f) => `      - ${f}`),
    ].join("\n"),
  );
  for (const [file, frontMatter] of Object.entries(activities)) {
    fs.writeFileSync(path.join(dir, file), `---\n${frontMatter.trim()}\n---\n\nDo the exercise.\n`);
  }
  const [result] = await checkCourses(root, undefined, [check.step]);
  return result!.ok ? [] : result!.problems;
}

const brief = (problems: CourseProblem[]) => problems.map((p) => `${p.file}:${p.line ?? "?"} ${p.path ?? ""} ${p.message}`);

const jsAdd = (id: string, fields: string) => `
id: ${id}
type: code
title: Add
minutes: 5
language: javascript
kind: write
${fields.trim()}
tests:
  - name: adds
    code: assertEqual(add(2, 3), 5)
    message: add(2, 3) should be 5
`;

describe("the exercise check step", () => {
  it("passes the fixture module: every starter fails, every solution passes, every wrong solution fails", async () => {
    const results = await checkCourses(path.resolve("tests/fixtures/courses"), ["code-exercises-fixture"], [check.step]);
    expect(results.map((r) => (r.ok ? "ok" : brief(r.problems)))).toEqual(["ok"]);
  }, 60_000);

  it("reports a starter that passes, a solution that fails and a wrong solution that passes, with file, line and field", async () => {
    const problems = await checkModule({
      "01-add.md": jsAdd(
        "add",
        `
starter: "function add(a, b) { return a + b; }"
solution: "function add(a, b) { return a - b; }"
wrongSolutions:
  - "function add(a, b) { return b + a; }"
  - "function add(a, b) { return 0; }"
`,
      ),
    });
    expect(brief(problems)).toEqual([
      expect.stringMatching(
        /^exercises\/01-add\.md:9 solution The solution does not pass its own tests: test "adds" fails \(expected 5 but got -1\)/,
      ),
      expect.stringMatching(/^exercises\/01-add\.md:8 starter The starter already passes every test/),
      expect.stringMatching(/^exercises\/01-add\.md:11 wrongSolutions\[0\] This known-wrong solution passes every test/),
    ]);
  });

  it("runs Python too, and reports a solution that stops with an error at its line", async () => {
    const problems = await checkModule({
      "01-double.md": `
id: double
type: code
title: Double
minutes: 5
language: python
kind: find-the-bug
starter: |
  def double(n):
      return n + n + 1
solution: |
  def double(n):
      return m * 2
tests:
  - name: doubles
    code: assert double(2) == 4
    message: double(2) should be 4
`,
    });
    expect(brief(problems)).toEqual([
      expect.stringMatching(
        /01-double\.md:11 solution The solution does not pass its own tests: test "doubles" fails \(NameError: name 'm' is not defined \(line 2 of your code\)\)/,
      ),
    ]);
  }, 60_000);

  it("checks Parsons problems: the lines must pass and the starting arrangement must not", async () => {
    const problems = await checkModule({
      "01-order.md": `
id: order
type: code
title: Order
minutes: 5
language: javascript
kind: parsons
parsons:
  lines: ["let total = 1;", "total = total + 1;"]
starter: |
  let total = 1;
  total = total + 1;
solution: "let total = 2;"
tests:
  - name: total
    code: assert(total === 2)
    message: total should be 2
`,
    });
    expect(brief(problems)).toEqual([
      expect.stringMatching(/01-order\.md:10 starter The blocks as learners first see them already pass every test/),
    ]);
  });

  it("requires a predict program without tests to finish", async () => {
    const problems = await checkModule({
      "01-predict.md": `
id: predict
type: code
title: Predict
minutes: 5
language: javascript
kind: predict
predict: { question: What does it print? }
solution: "while (true) {}"
`,
    });
    expect(brief(problems)).toEqual([
      expect.stringMatching(/01-predict\.md:9 solution The program learners predict about cannot be run: it was still running/),
    ]);
  });

  it("reports malformed definitions with file and field, like every other problem", async () => {
    const problems = await checkModule({
      "01-bad.md": `
id: bad
type: code
title: Bad
minutes: 5
language: ruby
kind: parsons
tests: []
`,
    });
    expect(brief(problems)).toEqual([
      expect.stringContaining('01-bad.md:? solution Missing required field "solution".'),
      expect.stringContaining('01-bad.md:? parsons A parsons exercise needs "parsons: { lines }"'),
      expect.stringContaining('01-bad.md:6 language Unknown language "ruby". Use one of: python, javascript.'),
      expect.stringContaining("01-bad.md:8 tests A parsons exercise needs at least one test"),
    ]);
  });
});
