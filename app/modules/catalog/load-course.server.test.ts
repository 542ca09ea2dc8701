import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { checkCourses } from "./check-courses.server.ts";
import { formatProblems, loadAllCourses, loadCourse, type CourseProblem, type LoadResult } from "./load-course.server.ts";
import { splitFrontMatter } from "./yaml-locations.ts";

// ---------------------------------------------------------------------------
// Fixtures: a valid module with one activity of each type. Tests copy it into a
// fresh temp dir and then break one thing. Line numbers in assertions refer to
// these texts, so the files are written out literally.
// ---------------------------------------------------------------------------

const MODULE_YAML = `id: spotting-bias
title: Spotting bias
summary: A short module about noticing bias in the classroom.
description: |
  Longer **Markdown** description.
outcomes:
  - Recognise common forms of bias
audience: [primary-teachers, secondary-computing-teachers]
keyStages: [KS2, KS3]
topics: [equity-and-inclusion]
cpdHours: 1.5
availability:
  from: 2026-09-01
  until: 2027-07-31
authors:
  - name: Ada Lovelace
    role: author
    organisation: Pathways
completion:
  required: [intro, check]
sections:
  - title: Understanding bias
    activities:
      - 01-intro.md
      - 02-talk.md
  - title: Putting it into practice
    activities:
      - 03-check.md
      - 04-think.md
`;

const READING = `---
id: intro
type: reading
title: Introduction
minutes: 10
---
# What is bias?

Some text. ![A diagram](media/diagram.png "Diagram")
`;

const VIDEO = `---
id: talk
type: video
title: A short talk
minutes: 12
src: media/talk.mp4
captions: media/talk.vtt
---
Transcript: hello and welcome.
`;

const QUIZ = `---
id: check
type: quiz
title: Check your understanding
minutes: 5
passMark: 80
questions:
  - id: q1
    kind: single
    prompt: Pick one
    options:
      - id: a
        text: Right
        correct: true
        feedback: Yes.
      - id: b
        text: Wrong
        correct: false
        feedback: No.
  - id: q2
    kind: short
    prompt: Name the effect
    answers: [halo]
    feedback:
      correct: Yes.
      incorrect: It is the halo effect.
---
Answer these questions.
`;

const REFLECTION = `---
id: think
type: reflection
title: Your setting
minutes: 5
prompt: What will you change?
---
`;

type Files = Record<string, string | Buffer>;

const validFiles = (): Files => ({
  "module.yaml": MODULE_YAML,
  "01-intro.md": READING,
  "02-talk.md": VIDEO,
  "03-check.md": QUIZ,
  "04-think.md": REFLECTION,
  "design.md": "# Design notes (ignored by the loader)\n",
  "media/talk.mp4": Buffer.from([0, 0, 0, 24, 102, 116, 121, 112]),
  "media/talk.vtt": "WEBVTT\n\n00:00.000 --> 00:02.000\nHello and welcome.\n",
  "media/diagram.png": Buffer.from([137, 80, 78, 71]),
});

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "pathways-courses-"));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function writeModule(folder: string, files: Files): Promise<string> {
  const dir = path.join(root, folder);
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  return dir;
}

/** Writes the valid module with some files replaced (or removed with `null`) and loads it. */
async function loadWith(changes: Record<string, string | Buffer | null> = {}, folder = "spotting-bias"): Promise<LoadResult> {
  const files = validFiles();
  for (const [rel, content] of Object.entries(changes)) {
    if (content === null) delete files[rel];
    else files[rel] = content;
  }
  return loadCourse(await writeModule(folder, files), root);
}

function problemsOf(result: LoadResult): CourseProblem[] {
  if (result.ok) throw new Error("expected the module to have problems, but it loaded");
  return result.problems;
}

function moduleOf(result: LoadResult) {
  if (!result.ok) throw new Error(`expected the module to load, got:\n${formatProblems(result.problems)}`);
  return result.module;
}

// ---------------------------------------------------------------------------

describe("loadCourse: a valid module", () => {
  it("loads metadata, sections and activities in order", async () => {
    const loaded = moduleOf(await loadWith());
    expect(loaded.folder).toBe("spotting-bias");
    expect(loaded.dir).toBe(path.join(root, "spotting-bias"));
    expect(loaded.meta).toMatchObject({
      id: "spotting-bias",
      cpdHours: 1.5,
      prerequisites: [],
      availability: { from: "2026-09-01", until: "2027-07-31" },
      completion: { required: ["intro", "check"] },
    });
    expect(loaded.meta).not.toHaveProperty("sections");
    expect(loaded.sections).toEqual([
      { title: "Understanding bias", activityIds: ["intro", "talk"] },
      { title: "Putting it into practice", activityIds: ["check", "think"] },
    ]);
    expect(loaded.activities.map((a) => [a.id, a.type, a.file, a.sectionIndex, a.position])).toEqual([
      ["intro", "reading", "01-intro.md", 0, 0],
      ["talk", "video", "02-talk.md", 0, 1],
      ["check", "quiz", "03-check.md", 1, 2],
      ["think", "reflection", "04-think.md", 1, 3],
    ]);
  });

  it("strips the front matter from the body and keeps typed fields", async () => {
    const loaded = moduleOf(await loadWith());
    const [reading, video, quiz] = loaded.activities;
    expect(reading?.body).toBe('# What is bias?\n\nSome text. ![A diagram](media/diagram.png "Diagram")\n');
    expect(video?.type === "video" && video.captions).toBe("media/talk.vtt");
    expect(video?.body).toBe("Transcript: hello and welcome.\n");
    expect(quiz?.type === "quiz" && quiz.questions.map((q) => q.kind)).toEqual(["single", "short"]);
  });

  it("lists media files as assets and hashes the content", async () => {
    const loaded = moduleOf(await loadWith({ "media/extra/handout.pdf": "pdf" }));
    expect(loaded.assets).toEqual(["media/diagram.png", "media/extra/handout.pdf", "media/talk.mp4", "media/talk.vtt"]);
    expect(loaded.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts Windows line endings and a byte-order mark", async () => {
    const crlf = (s: string) => s.replace(/\n/g, "\r\n");
    const loaded = moduleOf(
      await loadWith({
        "module.yaml": `\uFEFF${crlf(MODULE_YAML)}`,
        "01-intro.md": `\uFEFF${crlf(READING)}`,
      }),
    );
    expect(loaded.activities[0]?.body.startsWith("# What is bias?")).toBe(true);
  });
});

describe("loadCourse: problems", () => {
  it("reports a bad activity id at its line in the real file", async () => {
    const problems = problemsOf(
      await loadWith({
        "01-intro.md": READING.replace("id: intro", "id: Intro_1"),
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: "spotting-bias/01-intro.md",
        line: 2, // line 1 is the opening ---
        path: "id",
        message: expect.stringContaining('"Intro_1" is not a valid id') as unknown,
      }),
      // completion names "intro", which no longer exists
      expect.objectContaining({
        file: "spotting-bias/module.yaml",
        path: "completion.required[0]",
      }),
    ]);
  });

  it("offsets front-matter line numbers by the opening --- line", async () => {
    // minutes is on YAML line 4 of the front matter, file line 5.
    const problems = problemsOf(
      await loadWith({
        "02-talk.md": VIDEO.replace("minutes: 12", "minutes: 0"),
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: "spotting-bias/02-talk.md",
        line: 5,
        path: "minutes",
      }),
    ]);
    // Nested paths point at the right line too: options of q1 start on file line 11.
    const quiz = QUIZ.replace("correct: false", "correct: true");
    expect(problemsOf(await loadWith({ "03-check.md": quiz }, "other"))).toEqual([
      expect.objectContaining({
        file: "other/03-check.md",
        line: 11,
        path: "questions[0].options",
        message: expect.stringContaining('A "single" question needs exactly one option with correct: true (found 2)') as unknown,
      }),
    ]);
  });

  it("reports a duplicate activity id across files, naming the first file", async () => {
    const problems = problemsOf(
      await loadWith({
        "04-think.md": REFLECTION.replace("id: think", "id: intro"),
      }),
    );
    expect(problems).toEqual([
      {
        file: "spotting-bias/04-think.md",
        line: 2,
        path: "id",
        message: expect.stringMatching(/^Activity id "intro" is already used by 01-intro\.md\./) as unknown,
      },
    ]);
  });

  it("reports a missing activity file at the line of its entry in module.yaml", async () => {
    const problems = problemsOf(await loadWith({ "02-talk.md": null, "02-Talk.md": VIDEO }));
    expect(problems).toContainEqual({
      file: "spotting-bias/module.yaml",
      line: 25,
      path: "sections[0].activities[1]",
      message: expect.stringContaining('Activity file "02-talk.md" does not exist') as unknown,
    });
    expect(problems.find((p) => p.line === 25)?.message).toContain('Did you mean "02-Talk.md"?');
    // The file that does exist but is not listed is reported as well.
    expect(problems).toContainEqual(expect.objectContaining({ file: "spotting-bias/02-Talk.md" }));
  });

  it("explains an unknown activity type and lists the known ones", async () => {
    const problems = problemsOf(
      await loadWith({
        "04-think.md": REFLECTION.replace("type: reflection", "type: journal"),
      }),
    );
    expect(problems).toEqual([
      {
        file: "spotting-bias/04-think.md",
        line: 3,
        path: "type",
        message: 'Unknown type "journal". Use one of: reading, video, quiz, reflection, code, blocks.',
      },
    ]);
  });

  it("reports a completion id that names no activity", async () => {
    const problems = problemsOf(
      await loadWith({
        "module.yaml": MODULE_YAML.replace("required: [intro, check]", "required: [intro, chek]"),
      }),
    );
    expect(problems).toEqual([
      {
        file: "spotting-bias/module.yaml",
        line: 20,
        path: "completion.required[1]",
        message: expect.stringMatching(/names "chek", but no activity in this module has that id\. Did you mean "check"\?/) as unknown,
      },
    ]);
  });

  it("reports bad dates at their lines", async () => {
    const yaml = MODULE_YAML.replace("from: 2026-09-01", "from: 2026-09-31").replace("until: 2027-07-31", "until: 2020-01-01");
    expect(problemsOf(await loadWith({ "module.yaml": yaml }))).toEqual([
      expect.objectContaining({
        line: 13,
        path: "availability.from",
        message: expect.stringContaining("not a valid date") as unknown,
      }),
      expect.objectContaining({
        line: 14,
        path: "availability.until",
        message: expect.stringContaining("later date than `from`") as unknown,
      }),
    ]);
    const backwards = MODULE_YAML.replace("until: 2027-07-31", "until: 2026-08-01");
    expect(problemsOf(await loadWith({ "module.yaml": backwards }, "other"))).toEqual([
      expect.objectContaining({
        line: 14,
        path: "availability.until",
        message: expect.stringContaining("later date than `from`") as unknown,
      }),
    ]);
  });

  it("reports a YAML syntax error in module.yaml with its line", async () => {
    const broken = MODULE_YAML.replace("cpdHours: 1.5", 'cpdHours: "1.5');
    expect(problemsOf(await loadWith({ "module.yaml": broken }))).toEqual([
      {
        file: "spotting-bias/module.yaml",
        line: 11,
        message: expect.stringMatching(/^YAML syntax error: the quoted text .* never closed/) as unknown,
      },
    ]);
    const badIndent = MODULE_YAML.replace("    role: author", "   role: author");
    expect(problemsOf(await loadWith({ "module.yaml": badIndent }, "other"))[0]).toMatchObject({
      file: "other/module.yaml",
      line: 17,
      message: expect.stringMatching(/^YAML syntax error: /) as unknown,
    });
  });

  it("reports a YAML syntax error in front matter at the real file line", async () => {
    const broken = QUIZ.replace("    prompt: Name the effect", "    prompt: Name: the effect");
    const problems = problemsOf(await loadWith({ "03-check.md": broken }));
    expect(problems).toEqual([expect.objectContaining({ file: "spotting-bias/03-check.md", line: 22 })]);
    expect(problems[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it("reports duplicate keys as YAML errors", async () => {
    const problems = problemsOf(
      await loadWith({
        "01-intro.md": READING.replace("minutes: 10", "minutes: 10\nminutes: 12"),
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ file: "spotting-bias/01-intro.md", line: 6 })]);
  });

  it("reports an unknown front-matter field at its own line", async () => {
    const problems = problemsOf(
      await loadWith({
        "03-check.md": QUIZ.replace("passMark: 80", "pasMark: 80"),
      }),
    );
    expect(problems).toContainEqual({
      file: "spotting-bias/03-check.md",
      line: 6,
      path: "pasMark",
      message: expect.stringContaining('Did you mean "passMark"?') as unknown,
    });
  });

  it("requires front matter", async () => {
    expect(problemsOf(await loadWith({ "01-intro.md": "# No front matter\n" }))).toContainEqual({
      file: "spotting-bias/01-intro.md",
      line: 1,
      message: expect.stringContaining("must begin with front matter") as unknown,
    });
    expect(problemsOf(await loadWith({ "01-intro.md": "---\nid: intro\n" }, "other"))).toContainEqual(
      expect.objectContaining({
        file: "other/01-intro.md",
        message: expect.stringContaining("never closed") as unknown,
      }),
    );
  });

  it("requires a body for readings and a transcript for videos", async () => {
    const problems = problemsOf(
      await loadWith({
        "01-intro.md": READING.slice(0, READING.indexOf("# What")),
        "02-talk.md": VIDEO.replace("Transcript: hello and welcome.\n", "\n  \n"),
      }),
    );
    expect(problems).toEqual([
      {
        file: "spotting-bias/01-intro.md",
        line: 7,
        message: expect.stringContaining("needs the reading text") as unknown,
      },
      {
        file: "spotting-bias/02-talk.md",
        line: 9,
        message: expect.stringContaining("needs the full transcript") as unknown,
      },
    ]);
  });

  it("checks video and caption files exist and captions are WebVTT", async () => {
    const missing = problemsOf(await loadWith({ "media/talk.mp4": null }));
    expect(missing).toEqual([
      {
        file: "spotting-bias/02-talk.md",
        line: 6,
        path: "src",
        message: expect.stringContaining('"media/talk.mp4" does not exist') as unknown,
      },
    ]);
    const notVtt = problemsOf(await loadWith({ "media/talk.vtt": "1\n00:00:00,000 --> 00:00:02,000\nHello\n" }, "other"));
    expect(notVtt).toEqual([
      {
        file: "other/02-talk.md",
        line: 7,
        path: "captions",
        message: expect.stringContaining('first line starts with "WEBVTT"') as unknown,
      },
    ]);
  });

  it("checks images used in Markdown bodies exist inside the module", async () => {
    const problems = problemsOf(await loadWith({ "media/diagram.png": null }));
    expect(problems).toEqual([
      {
        file: "spotting-bias/01-intro.md",
        line: 9,
        message: expect.stringContaining('Image "media/diagram.png" does not exist') as unknown,
      },
    ]);
  });

  it("reports Markdown files that no section lists, but ignores design.md", async () => {
    const problems = problemsOf(
      await loadWith({
        "05-extra.md": READING.replace("id: intro", "id: extra"),
        "_notes/todo.md": "x",
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: "spotting-bias/05-extra.md",
        message: expect.stringContaining("not listed in any section") as unknown,
      }),
    ]);
  });

  it("reports a missing or empty module.yaml", async () => {
    expect(problemsOf(await loadWith({ "module.yaml": null }))).toEqual([
      expect.objectContaining({
        file: "spotting-bias/module.yaml",
        message: expect.stringContaining("Missing module.yaml") as unknown,
      }),
    ]);
    expect(problemsOf(await loadWith({ "module.yaml": "# nothing yet\n" }, "other"))).toEqual([
      expect.objectContaining({ file: "other/module.yaml", line: 1 }),
    ]);
  });

  it("collects every problem in the module, not just the first", async () => {
    const problems = problemsOf(
      await loadWith({
        "module.yaml": MODULE_YAML.replace("id: spotting-bias", "id: Spotting Bias").replace("cpdHours: 1.5", "cpdHours: 0"),
        "01-intro.md": READING.replace("minutes: 10", "minutes: ten"),
        "03-check.md": QUIZ.replace("passMark: 80", "passMark: 180"),
        "media/talk.vtt": "not captions",
      }),
    );
    expect(problems.map((p) => `${p.file}:${p.line ?? "-"} ${p.path ?? ""}`)).toEqual([
      "spotting-bias/01-intro.md:5 minutes",
      "spotting-bias/02-talk.md:7 captions",
      "spotting-bias/03-check.md:6 passMark",
      "spotting-bias/module.yaml:1 id",
      "spotting-bias/module.yaml:11 cpdHours",
    ]);
  });
});

describe("content hash", () => {
  async function hashOf(folder: string, changes: Record<string, string | Buffer | null> = {}): Promise<string> {
    return moduleOf(await loadWith(changes, folder)).contentHash;
  }

  it("is identical for identical content, wherever the folder is", async () => {
    expect(await hashOf("one")).toBe(await hashOf("two"));
  });

  it("changes when any single byte changes", async () => {
    const base = await hashOf("base");
    const changed = [
      await hashOf("yaml", {
        "module.yaml": MODULE_YAML.replace("Spotting bias\n", "Spotting Bias\n"),
      }),
      await hashOf("activity", { "03-check.md": QUIZ.replace("Yes.", "Yes!") }),
      await hashOf("video", {
        "media/talk.mp4": Buffer.from([0, 0, 0, 24, 102, 116, 121, 113]),
      }),
      await hashOf("unreferenced-media", { "media/notes.txt": "x" }),
    ];
    for (const hash of changed) expect(hash).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });

  it("changes when sections are reordered", async () => {
    const reordered = MODULE_YAML.replace("      - 01-intro.md\n      - 02-talk.md", "      - 02-talk.md\n      - 01-intro.md");
    expect(await hashOf("reordered", { "module.yaml": reordered })).not.toBe(await hashOf("base"));
  });

  it("ignores design.md", async () => {
    expect(await hashOf("notes", { "design.md": "# Different notes\n" })).toBe(await hashOf("base"));
  });
});

describe("loadAllCourses", () => {
  it("loads every module folder, skipping '.' and '_' folders", async () => {
    await writeModule("b-module", validFiles());
    const other = validFiles();
    other["module.yaml"] = MODULE_YAML.replace("id: spotting-bias", "id: another-module");
    await writeModule("a-module", other);
    await writeModule("_drafts", { "notes.md": "draft" });
    await writeModule(".cache", { "x.txt": "x" });
    await fs.writeFile(path.join(root, "README.md"), "# Courses\n");
    const results = await loadAllCourses(root);
    expect(results.map((r) => (r.ok ? r.module.folder : r.folder))).toEqual(["a-module", "b-module"]);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it("reports a folder without module.yaml", async () => {
    await writeModule("good", validFiles());
    await writeModule("stray", { "notes.md": "x" });
    const results = await loadAllCourses(root);
    expect(results.find((r) => !r.ok)).toEqual({
      ok: false,
      folder: "stray",
      problems: [
        expect.objectContaining({
          file: "stray/module.yaml",
          message: expect.stringContaining("Missing module.yaml") as unknown,
        }),
      ],
    });
  });

  it("reports duplicate module ids in both folders", async () => {
    await writeModule("first", validFiles());
    await writeModule("second", validFiles());
    const results = await loadAllCourses(root);
    expect(results).toEqual([
      {
        ok: false,
        folder: "first",
        problems: [
          {
            file: "first/module.yaml",
            line: 1,
            path: "id",
            message: expect.stringContaining("also used by second/module.yaml") as unknown,
          },
        ],
      },
      {
        ok: false,
        folder: "second",
        problems: [
          {
            file: "second/module.yaml",
            line: 1,
            path: "id",
            message: expect.stringContaining("also used by first/module.yaml") as unknown,
          },
        ],
      },
    ]);
  });

  it("loads only the requested folders, reporting unknown ones, and still catches id clashes with the others", async () => {
    await writeModule("first", validFiles());
    await writeModule("second", validFiles());
    const results = await loadAllCourses(root, ["second", "secnd"]);
    expect(results).toEqual([
      {
        ok: false,
        folder: "second",
        problems: [
          expect.objectContaining({
            path: "id",
            message: expect.stringContaining("first/module.yaml") as unknown,
          }),
        ],
      },
      {
        ok: false,
        folder: "secnd",
        problems: [
          expect.objectContaining({
            message: expect.stringContaining('Did you mean "second"?') as unknown,
          }),
        ],
      },
    ]);
  });
});

describe("formatProblems", () => {
  it("prints one line per problem: file:line  path  message", () => {
    expect(
      formatProblems([
        {
          file: "m/02-quiz.md",
          line: 7,
          path: "questions[1].options",
          message: "Fix it.",
        },
        { file: "m/module.yaml", message: "Missing." },
      ]),
    ).toBe("m/02-quiz.md:7  questions[1].options  Fix it.\nm/module.yaml  Missing.");
  });
});

describe("splitFrontMatter", () => {
  it("returns the line where the body starts", () => {
    expect(splitFrontMatter("---\na: 1\nb: 2\n---\nBody\n")).toEqual({
      frontMatter: "a: 1\nb: 2\n",
      body: "Body\n",
      bodyLine: 5,
    });
    expect(splitFrontMatter("---\n---\n")).toEqual({
      frontMatter: "",
      body: "",
      bodyLine: 3,
    });
  });
});

describe("checkCourses (check-courses.server.ts)", () => {
  it("returns the load results and lets extra steps add problems", async () => {
    await writeModule("first", validFiles());
    expect((await checkCourses(root)).map((r) => r.ok)).toEqual([true]);
    const results = await checkCourses(root, undefined, [
      async (module) => [
        {
          file: `${module.folder}/03-check.md`,
          message: "Starter tests fail.",
        },
      ],
    ]);
    expect(results).toEqual([
      {
        ok: false,
        folder: "first",
        problems: [{ file: "first/03-check.md", message: "Starter tests fail." }],
      },
    ]);
  });
});
