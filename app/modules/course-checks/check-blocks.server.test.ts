import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkCourses } from "~/modules/catalog/check-courses.server.ts";
import type { CourseProblem } from "../catalog/load-course.server.ts";
import { checkBlockExercises } from "./check-blocks.server.ts";

/** Writes a module folder with one activity file per entry (whole Markdown files) and checks it. */
async function checkModule(activities: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-blocks-check-"));
  const dir = path.join(root, "blocks");
  fs.mkdirSync(dir);
  const files = Object.keys(activities);
  fs.writeFileSync(
    path.join(dir, "module.yaml"),
    [
      "id: blocks-check",
      "title: Blocks check",
      "summary: A module for testing the block exercise check.",
      "outcomes: [Build block programs]",
      "audience: [primary-teachers]",
      "keyStages: [KS2]",
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
  for (const [file, content] of Object.entries(activities)) fs.writeFileSync(path.join(dir, file), content);
  const [result] = await checkCourses(root, undefined, [checkBlockExercises]);
  return result!.ok ? [] : result!.problems;
}

const brief = (problems: CourseProblem[]) => problems.map((p) => `${p.file}:${p.line ?? "?"} ${p.path ?? ""} ${p.message}`);

/** The worked example of a block exercise in courses/README.md, as written there. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.resolve("courses/README.md"), "utf8");
  const example = [...readme.matchAll(/```markdown\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes("type: blocks"));
  if (!example) throw new Error("courses/README.md has no block exercise example");
  return example;
}

describe("the block exercise check step", () => {
  it("passes the fixture module and the worked example in courses/README.md", async () => {
    const fixture = await checkCourses(path.resolve("tests/fixtures/courses"), ["blocks-fixture"], [checkBlockExercises]);
    expect(fixture.map((r) => (r.ok ? "ok" : brief(r.problems)))).toEqual(["ok"]);
    expect(brief(await checkModule({ "10-ex-square.md": readmeExample() }))).toEqual([]);
  });

  it("reports a failing solution, a passing starting program and a passing wrong solution, with file, line and field", async () => {
    const broken = readmeExample()
      .replace("times: 4", "times: 5") // the solution goes round once more and ends at x 0, y 0
      .replace("maxBlocks: 6", "maxBlocks: 3") // and it no longer fits
      .replace("times: 3", "times: 8"); // this wrong solution now ends where it started
    expect(brief(await checkModule({ "10-ex-square.md": broken }))).toEqual([
      "blocks/10-ex-square.md:7 maxBlocks The solution has 4 blocks, but maxBlocks is 3, so learners could not build it. Raise maxBlocks or shorten the solution.",
      "blocks/10-ex-square.md:16 solution The solution does not meet every goal: The sprite should finish at x -100, y 0, but it finished at x 0, y 0. Your program uses 4 blocks, but it should use at most 3. Can a loop do some of the work? Fix the solution or the goals.",
    ]);
    const passes = readmeExample()
      .replace(
        /starting:\n(?: {2}.*\n)+/,
        "starting: { version: 1, scripts: [{ type: event_whenflagclicked, body: [{ type: motion_turnright, degrees: 360 }] }] }\n",
      )
      .replace("times: 3", "times: 8")
      .replace(/goals:\n(?: {2}.*\n)+/, "goals:\n  - { type: position, x: -100, y: 0 }\n");
    expect(brief(await checkModule({ "10-ex-square.md": passes }))).toEqual([
      "blocks/10-ex-square.md:9 starting The starting program already meets every goal, so learners would complete this without changing anything. Change the starting program or add a goal.",
      "blocks/10-ex-square.md:21 wrongSolutions[0] This known-wrong solution meets every goal, so the goals do not catch this mistake. Add a goal (or tighten one) that does.",
    ]);
  });

  it("reports a scene that does not match the goals, and a scene outside the stage, with file, line and field", async () => {
    const elsewhere = readmeExample().replace(
      "- { kind: flag, x: -100, y: 0, label: Start and finish }",
      "- { kind: flag, x: 100, y: 0, label: Finish }\n  obstacles:\n    - { x: -120, y: -20, width: 40, height: 40, label: Rock }",
    );
    expect(brief(await checkModule({ "10-ex-square.md": elsewhere }))).toEqual([
      "blocks/10-ex-square.md:40 goals[1] The goal asks the sprite to finish at (−100, 0), but no marker in the scene is there, so the stage shows learners a different place. Add a marker at (−100, 0) (within 10 steps) or move the goal.",
      "blocks/10-ex-square.md:47 scene.obstacles[0] The sprite starts at (−100, 0), inside the obstacle “Rock”. Move the start or the obstacle.",
    ]);
    const outside = readmeExample().replace("x: -100, y: 0, label: Start and finish", "x: -100, y: 200, label: Start and finish");
    expect(brief(await checkModule({ "10-ex-square.md": outside }))).toEqual([
      "blocks/10-ex-square.md:45 scene.markers[0].y y must be between -180 and 180 (the stage is 480 × 360, centred on 0, 0).",
    ]);
  });

  it("names the blocks an exercise uses but does not offer", async () => {
    const problems = await checkModule({
      "10-ex-square.md": readmeExample().replace(
        "toolbox: [event_whenflagclicked, motion_movesteps, motion_turnright, control_repeat]",
        "toolbox: [event_whenflagclicked, motion_movesteps, control_repeat]",
      ),
    });
    expect(brief(problems)).toEqual([
      "blocks/10-ex-square.md:16 solution The solution uses motion_turnright (“turn right”), which is not in the toolbox. Add it to toolbox or change the solution.",
      "blocks/10-ex-square.md:9 starting The starting program uses motion_turnright (“turn right”), which is not in the toolbox. Add it to toolbox or change the starting program.",
    ]);
  });

  it("refuses an unknown block at load, with its line and a suggestion", async () => {
    const problems = await checkModule({
      "10-ex-square.md": readmeExample().replace("- { type: motion_turnright, degrees: 90 }", "- { type: motion_turnrigth, degrees: 90 }"),
    });
    expect(brief(problems)).toEqual([
      'blocks/10-ex-square.md:15 starting.scripts[0].body[1].type Unknown block "motion_turnrigth". Did you mean "motion_turnright"? Use a block name from the list in courses/README.md (e.g. motion_movesteps, control_repeat).',
    ]);
  });
});
