import { describe, expect, it } from "vitest";

import { ACTIVITY_TYPE_RULES, ACTIVITY_TYPES, parseActivityFrontMatter } from "./course-format/activity-types.ts";
import { parseModuleFile } from "./course-format/module-file.ts";
import { relativePathProblem, suggestId } from "./course-format.ts";

/** A valid module.yaml, as parsed YAML data. Tests override single fields. */
function moduleData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "spotting-bias",
    title: "Spotting bias",
    summary: "A short module about noticing bias in the classroom.",
    outcomes: ["Recognise common forms of bias"],
    audience: ["primary-teachers", "secondary-computing-teachers"],
    keyStages: ["KS2", "KS3"],
    topics: ["equity-and-inclusion"],
    cpdHours: 1.5,
    authors: [{ name: "Ada Lovelace", role: "author", organisation: "Pathways" }],
    completion: { required: "all" },
    sections: [{ title: "Start here", activities: ["01-intro.md", "02-quiz.md"] }],
    ...overrides,
  };
}

const option = (id: string, correct: boolean) => ({
  id,
  text: `Option ${id}`,
  correct,
  feedback: "Because.",
});

function quizData(questions: unknown[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "check",
    type: "quiz",
    title: "Check",
    minutes: 5,
    passMark: 80,
    questions,
    ...overrides,
  };
}

/** "path: message" strings, so assertions show the whole story when they fail. */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`);
}

describe("module.yaml schema", () => {
  it("accepts a valid module and applies defaults", () => {
    const result = parseModuleFile(moduleData());
    expect(issues(result)).toEqual([]);
    expect(result.data?.prerequisites).toEqual([]);
    expect(result.data?.completion.required).toBe("all");
  });

  it("rejects ids that are not kebab-case and suggests one", () => {
    for (const id of ["Spotting_Bias", "spotting--bias", "-spotting", "spotting bias", ""]) {
      const messages = issues(parseModuleFile(moduleData({ id })));
      expect(messages, id).toHaveLength(1);
      expect(messages[0]).toMatch(/^id: .*not a valid id/);
    }
    expect(issues(parseModuleFile(moduleData({ id: "Spotting_Bias" })))[0]).toContain('e.g. "spotting-bias"');
    expect(issues(parseModuleFile(moduleData({ id: "a".repeat(81) })))[0]).toMatch(/at most 80/);
  });

  it("reports a missing required field by name", () => {
    const data = moduleData();
    delete data.summary;
    expect(issues(parseModuleFile(data))).toEqual(['summary: Missing required field "summary". Add it (text).']);
  });

  it("checks title and summary lengths", () => {
    expect(issues(parseModuleFile(moduleData({ title: "Hi" })))[0]).toMatch(/^title: Too short: must be 3-120/);
    expect(issues(parseModuleFile(moduleData({ summary: "x".repeat(301) })))[0]).toMatch(/^summary: Too long: must be 10-300/);
  });

  it("lists the allowed values for audience, key stages and author roles", () => {
    const messages = issues(
      parseModuleFile(
        moduleData({
          audience: ["teachers"],
          keyStages: ["KS6"],
          authors: [{ name: "A", role: "writer" }],
        }),
      ),
    );
    expect(messages).toEqual([
      expect.stringMatching(/^audience\.0: "teachers" is not allowed here\. Use one of: primary-teachers, .*it-professionals\.$/),
      expect.stringMatching(/^keyStages\.0: "KS6" is not allowed here\. Use one of: KS1, KS2, KS3, KS4, KS5\.$/),
      expect.stringMatching(
        /^authors\.0\.role: "writer" is not allowed here\. Use one of: author, contributor, industry-partner, reviewer\.$/,
      ),
    ]);
  });

  it("requires non-empty lists without duplicates", () => {
    const messages = issues(parseModuleFile(moduleData({ outcomes: [], authors: [], topics: ["a", "a"] })));
    expect(messages).toEqual([
      expect.stringMatching(/^outcomes: The list is empty/),
      expect.stringMatching(/^topics\.1: Duplicate topic "a"/),
      expect.stringMatching(/^authors: The list is empty/),
    ]);
  });

  it("accepts whole and half CPD hours between 0 and 100", () => {
    for (const cpdHours of [0.5, 1, 1.5, 100]) expect(issues(parseModuleFile(moduleData({ cpdHours }))), String(cpdHours)).toEqual([]);
    for (const cpdHours of [0, -1, 1.25, 100.5, "2"]) {
      expect(issues(parseModuleFile(moduleData({ cpdHours }))), String(cpdHours)).toHaveLength(1);
    }
    expect(issues(parseModuleFile(moduleData({ cpdHours: "2" })))[0]).toContain("Remove the quotes");
  });

  describe("availability dates", () => {
    it("accepts Date objects and strings and normalises both to YYYY-MM-DD", () => {
      const result = parseModuleFile(
        moduleData({
          availability: {
            from: new Date("2026-09-01T00:00:00Z"),
            until: "2027-07-31",
          },
        }),
      );
      expect(issues(result)).toEqual([]);
      expect(result.data?.availability).toEqual({
        from: "2026-09-01",
        until: "2027-07-31",
      });
    });

    it("rejects until on or before from", () => {
      for (const until of ["2026-08-31", "2026-09-01"]) {
        expect(issues(parseModuleFile(moduleData({ availability: { from: "2026-09-01", until } })))).toEqual([
          expect.stringMatching(/^availability\.until: `until` must be a later date than `from`/),
        ]);
      }
    });

    it("rejects impossible or badly written dates", () => {
      for (const from of ["2026-02-30", "01/09/2026", "2026-9-1", 20260901]) {
        expect(issues(parseModuleFile(moduleData({ availability: { from } }))), String(from)).toEqual([
          expect.stringMatching(/^availability\.from: .*not a valid date\. Write it as YYYY-MM-DD/),
        ]);
      }
    });
  });

  it("accepts 'all' or a list of ids for completion, nothing else", () => {
    expect(issues(parseModuleFile(moduleData({ completion: { required: ["intro", "check"] } })))).toEqual([]);
    expect(issues(parseModuleFile(moduleData({ completion: { required: "some" } })))).toEqual([
      expect.stringMatching(/^completion\.required: Use either "all"/),
    ]);
    expect(issues(parseModuleFile(moduleData({ completion: { required: [] } })))).toHaveLength(1);
    expect(issues(parseModuleFile(moduleData({ completion: {} })))).toEqual([
      expect.stringMatching(/^completion\.required: Missing required field/),
    ]);
  });

  it("checks section activity paths and that each file is used once", () => {
    const messages = issues(
      parseModuleFile(
        moduleData({
          sections: [
            {
              title: "One",
              activities: ["01-intro.md", "../other/x.md", "notes.txt", "/abs.md"],
            },
            { title: "Two", activities: ["01-intro.md", "sub\\file.md"] },
          ],
        }),
      ),
    );
    expect(messages).toEqual([
      expect.stringMatching(/^sections\.0\.activities\.1: .*outside the module folder/),
      expect.stringMatching(/^sections\.0\.activities\.2: "notes.txt" must be a \.md file/),
      expect.stringMatching(/^sections\.0\.activities\.3: .*absolute path/),
      expect.stringMatching(/^sections\.1\.activities\.1: .*backslash/),
      expect.stringMatching(/^sections\.1\.activities\.0: "01-intro.md" is already listed at sections\[0\]\.activities\[0\]/),
    ]);
    expect(issues(parseModuleFile(moduleData({ sections: [] })))).toEqual([expect.stringMatching(/^sections: The list is empty/)]);
  });

  it("rejects unknown fields and suggests the likely intended one", () => {
    expect(issues(parseModuleFile(moduleData({ descripton: "Typo" })))).toEqual([
      expect.stringMatching(/^: Unknown field "descripton"\. Did you mean "description"\?/),
    ]);
  });

  it("reports every problem at once", () => {
    expect(issues(parseModuleFile(moduleData({ id: "Bad", title: "x", cpdHours: 0, keyStages: [] })))).toHaveLength(4);
  });
});

describe("activity front matter schema", () => {
  it("accepts one valid activity of each type", () => {
    const valid = [
      { id: "intro", type: "reading", title: "Introduction", minutes: 10 },
      {
        id: "talk",
        type: "video",
        title: "A talk",
        minutes: 12,
        src: "media/talk.mp4",
        captions: "media/talk.vtt",
      },
      {
        id: "talk-2",
        type: "video",
        title: "A talk",
        minutes: 12,
        src: "media/talk.webm",
        captions: "media/talk.en.vtt",
      },
      quizData([
        {
          id: "q1",
          kind: "single",
          prompt: "Pick one",
          options: [option("a", true), option("b", false)],
        },
        {
          id: "q2",
          kind: "multiple",
          prompt: "Pick some",
          options: [option("a", true), option("b", true), option("c", false)],
        },
        {
          id: "q3",
          kind: "short",
          prompt: "Name it",
          answers: ["halo"],
          feedback: { correct: "Yes", incorrect: "No" },
        },
      ]),
      {
        id: "think",
        type: "reflection",
        title: "Think",
        minutes: 5,
        prompt: "What will you change?",
      },
    ];
    for (const data of valid) expect(issues(parseActivityFrontMatter(data)), String(data.id)).toEqual([]);
  });

  it("names the known types when the type is unknown or missing", () => {
    expect(
      issues(
        parseActivityFrontMatter({
          id: "x",
          type: "vidoe",
          title: "X",
          minutes: 1,
        }),
      ),
    ).toEqual(['type: Unknown type "vidoe". Did you mean "video"? Use one of: reading, video, quiz, reflection, code, blocks.']);
    expect(
      issues(
        parseActivityFrontMatter({
          id: "x",
          type: "podcast",
          title: "X",
          minutes: 1,
        }),
      ),
    ).toEqual(['type: Unknown type "podcast". Use one of: reading, video, quiz, reflection, code, blocks.']);
    expect(issues(parseActivityFrontMatter({ id: "x", title: "X", minutes: 1 }))).toEqual([
      'type: Missing "type". Add type: with one of: reading, video, quiz, reflection, code, blocks.',
    ]);
  });

  it("keeps the list of known types in step with the per-type rules", () => {
    expect([...ACTIVITY_TYPES].sort()).toEqual(Object.keys(ACTIVITY_TYPE_RULES).sort());
  });

  it("requires whole minutes from 1 to 240", () => {
    for (const minutes of [0, 241, 2.5, "10"]) {
      expect(
        issues(
          parseActivityFrontMatter({
            id: "x",
            type: "reading",
            title: "X",
            minutes,
          }),
        ),
        String(minutes),
      ).toEqual([expect.stringMatching(/^minutes: /)]);
    }
  });

  it("rejects unknown fields, e.g. fields belonging to another type", () => {
    expect(
      issues(
        parseActivityFrontMatter({
          id: "x",
          type: "reading",
          title: "X",
          minutes: 1,
          src: "media/a.mp4",
        }),
      ),
    ).toEqual([expect.stringMatching(/^: Unknown field "src"\. .*Allowed fields here: id, title, minutes, type\./)]);
  });

  it("checks video and caption file types", () => {
    expect(
      issues(
        parseActivityFrontMatter({
          id: "v",
          type: "video",
          title: "V",
          minutes: 1,
          src: "media/talk.mov",
          captions: "media/talk.srt",
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^src: "media\/talk.mov" must be a \.mp4 or \.webm file/),
      expect.stringMatching(/^captions: .*\.vtt file/),
    ]);
    expect(
      issues(
        parseActivityFrontMatter({
          id: "v",
          type: "video",
          title: "V",
          minutes: 1,
          src: "https://example.com/a.mp4",
          captions: "a.vtt",
        }),
      ),
    ).toEqual([expect.stringMatching(/^src: .*looks like a URL/)]);
  });

  it("requires a prompt for reflections", () => {
    expect(
      issues(
        parseActivityFrontMatter({
          id: "r",
          type: "reflection",
          title: "R",
          minutes: 1,
        }),
      ),
    ).toEqual(['prompt: Missing required field "prompt". Add it (text).']);
  });

  describe("quizzes", () => {
    it("requires exactly one correct option for single-choice questions", () => {
      const two = quizData([
        {
          id: "q1",
          kind: "single",
          prompt: "P",
          options: [option("a", true), option("b", true)],
        },
      ]);
      expect(issues(parseActivityFrontMatter(two))).toEqual([
        expect.stringMatching(/^questions\.0\.options: A "single" question needs exactly one option with correct: true \(found 2\)/),
      ]);
      const none = quizData([
        {
          id: "q1",
          kind: "single",
          prompt: "P",
          options: [option("a", false), option("b", false)],
        },
      ]);
      expect(issues(parseActivityFrontMatter(none))[0]).toMatch(/found none/);
    });

    it("requires at least one correct option for multiple-choice questions", () => {
      const none = quizData([
        {
          id: "q1",
          kind: "multiple",
          prompt: "P",
          options: [option("a", false), option("b", false)],
        },
      ]);
      expect(issues(parseActivityFrontMatter(none))).toEqual([
        expect.stringMatching(/^questions\.0\.options: A "multiple" question needs at least one/),
      ]);
    });

    it("allows 2 to 8 options with unique ids", () => {
      const letters = "abcdefghi".split("");
      const withOptions = (n: number) =>
        quizData([
          {
            id: "q1",
            kind: "multiple",
            prompt: "P",
            options: letters.slice(0, n).map((l) => option(l, true)),
          },
        ]);
      expect(issues(parseActivityFrontMatter(withOptions(1)))[0]).toMatch(/at least 2 options/);
      expect(issues(parseActivityFrontMatter(withOptions(8)))).toEqual([]);
      expect(issues(parseActivityFrontMatter(withOptions(9)))[0]).toMatch(/at most 8 options/);
      const duplicate = quizData([
        {
          id: "q1",
          kind: "multiple",
          prompt: "P",
          options: [option("a", true), option("a", false)],
        },
      ]);
      expect(issues(parseActivityFrontMatter(duplicate))).toEqual([
        expect.stringMatching(/^questions\.0\.options\.1\.id: Duplicate option id "a"/),
      ]);
    });

    it("requires question ids to be unique within the quiz and reports the other problems too", () => {
      const quiz = quizData([
        {
          id: "q1",
          kind: "single",
          prompt: "P",
          options: [option("a", true), option("b", false)],
        },
        { id: "q1", kind: "essay", prompt: "P" },
      ]);
      expect(issues(parseActivityFrontMatter(quiz))).toEqual([
        'questions.1.kind: Unknown kind "essay". Use one of: single, multiple, short.',
        expect.stringMatching(/^questions\.1\.id: Duplicate question id "q1"/),
      ]);
    });

    it("requires answers and both feedback messages for short questions", () => {
      const quiz = quizData([
        {
          id: "q1",
          kind: "short",
          prompt: "P",
          answers: [],
          feedback: { correct: "Yes" },
        },
      ]);
      expect(issues(parseActivityFrontMatter(quiz))).toEqual([
        expect.stringMatching(/^questions\.0\.answers: The list is empty/),
        'questions.0.feedback.incorrect: Missing required field "incorrect". Add it (text).',
      ]);
    });

    it("takes when to reveal the answers: after-passing (default), after-attempts with a number, or after-any-attempt", () => {
      const q = [{ id: "q1", kind: "single", prompt: "P", options: [option("a", true), option("b", false)] }];
      expect(issues(parseActivityFrontMatter(quizData(q)))).toEqual([]);
      expect(issues(parseActivityFrontMatter(quizData(q, { revealAnswers: "after-any-attempt" })))).toEqual([]);
      expect(issues(parseActivityFrontMatter(quizData(q, { revealAnswers: "after-attempts", revealAfterAttempts: 3 })))).toEqual([]);
      expect(issues(parseActivityFrontMatter(quizData(q, { revealAnswers: "after-attempts" })))).toEqual([
        expect.stringMatching(/^revealAfterAttempts: With revealAnswers: after-attempts, say after how many attempts/),
      ]);
      expect(issues(parseActivityFrontMatter(quizData(q, { revealAfterAttempts: 3 })))).toEqual([
        expect.stringMatching(/^revealAfterAttempts: revealAfterAttempts only applies with revealAnswers: after-attempts/),
      ]);
      expect(issues(parseActivityFrontMatter(quizData(q, { revealAnswers: "after-attempts", revealAfterAttempts: 0 })))[0]).toMatch(
        /^revealAfterAttempts: revealAfterAttempts is a number of attempts: 1-20/,
      );
      expect(issues(parseActivityFrontMatter(quizData(q, { revealAnswers: "never" })))).toEqual([
        'revealAnswers: Unknown revealAnswers "never". Use one of: after-passing, after-attempts, after-any-attempt.',
      ]);
    });

    it("allows a hint (shown before the answers are revealed) on wrong options and short answers, not on right options", () => {
      const hinted = quizData([
        { id: "q1", kind: "single", prompt: "P", options: [option("a", true), { ...option("b", false), hint: "Think again." }] },
        { id: "q2", kind: "short", prompt: "P", answers: ["x"], feedback: { correct: "Yes", incorrect: "It is x", hint: "A letter." } },
      ]);
      expect(issues(parseActivityFrontMatter(hinted))).toEqual([]);
      const onRight = quizData([
        { id: "q1", kind: "single", prompt: "P", options: [{ ...option("a", true), hint: "Yes!" }, option("b", false)] },
      ]);
      expect(issues(parseActivityFrontMatter(onRight))).toEqual([
        expect.stringMatching(/^questions\.0\.options\.0\.hint: Option "a" is correct, so it cannot have a hint/),
      ]);
    });

    it("requires a whole-number pass mark from 0 to 100 and at least one question", () => {
      expect(issues(parseActivityFrontMatter(quizData([], { passMark: 101 })))).toEqual([
        expect.stringMatching(/^passMark: /),
        expect.stringMatching(/^questions: The list is empty/),
      ]);
    });
  });
});

describe("helpers", () => {
  it("suggestId produces a valid id", () => {
    expect(suggestId("Café Culture: Part 2!")).toBe("cafe-culture-part-2");
    expect(suggestId("___")).toBe("my-id");
  });

  it("relativePathProblem accepts plain relative paths only", () => {
    expect(relativePathProblem("media/clip.MP4", [".mp4"])).toBeUndefined();
    expect(relativePathProblem("./clip.mp4", [".mp4"])).toMatch(/"\." path segment/);
    expect(relativePathProblem("media//clip.mp4", [".mp4"])).toMatch(/empty/);
    expect(relativePathProblem("C:/clip.mp4", [".mp4"])).toMatch(/URL or drive letter/);
  });
});
