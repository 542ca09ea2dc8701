import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  addSection,
  appendActivity,
  readSections,
  removeEmptySection,
  renameSection,
  blankQuestion,
  moveActivity,
  newModuleYaml,
  quizSettingsYaml,
  readActivityFields,
  readOutline,
  readQuiz,
  TYPE_TEMPLATES,
  writeActivityFile,
} from "./draft-content.ts";

describe("quiz editor values", () => {
  it("reads the quiz template and writes back the same data", () => {
    const settings = TYPE_TEMPLATES.quiz!.settings;
    const quiz = readQuiz(settings);
    expect(quiz).not.toBeNull();
    expect(parse(quizSettingsYaml(quiz!))).toEqual(parse(settings));
  });

  it("drops empty option rows, names new options and keeps short answers", () => {
    const quiz = readQuiz(TYPE_TEMPLATES.quiz!.settings)!;
    quiz.questions[0]!.options.push(
      { id: "", text: "A third", correct: false, feedback: "No." },
      { id: "", text: "", correct: false, feedback: "" },
    );
    const short = {
      ...blankQuestion(quiz.questions),
      kind: "short",
      prompt: "Say yes",
      answers: "yes\n Yes please \n",
      feedbackCorrect: "Good",
      feedbackIncorrect: "Try yes",
    };
    quiz.questions.push(short);
    const data = parse(quizSettingsYaml(quiz)) as { questions: { id: string; options?: { id: string }[]; answers?: string[] }[] };
    expect(data.questions[0]!.options!.map((o) => o.id)).toEqual(["a", "b", "option-3"]);
    expect(data.questions[1]).toEqual({
      id: "q2",
      kind: "short",
      prompt: "Say yes",
      answers: ["yes", "Yes please"],
      feedback: { correct: "Good", incorrect: "Try yes" },
    });
  });

  it("keeps the reveal rule and the hints through the editor, and drops a stale number of attempts", () => {
    const settings = [
      "passMark: 80",
      "revealAnswers: after-attempts",
      "revealAfterAttempts: 3",
      "questions:",
      "  - id: q1",
      "    kind: single",
      "    prompt: P",
      "    options:",
      "      - { id: a, text: A, correct: true, feedback: Yes }",
      "      - { id: b, text: B, correct: false, feedback: No, hint: Think }",
      "  - id: q2",
      "    kind: short",
      "    prompt: S",
      "    answers: [x]",
      "    feedback: { correct: Yes, incorrect: It is x, hint: A letter }",
    ].join("\n");
    const quiz = readQuiz(settings)!;
    expect(quiz).toMatchObject({ revealAnswers: "after-attempts", revealAfterAttempts: "3" });
    expect(parse(quizSettingsYaml(quiz))).toEqual(parse(settings));
    expect(parse(quizSettingsYaml({ ...quiz, revealAnswers: "" }))).not.toHaveProperty("revealAfterAttempts");
    expect(readQuiz(settings.replace("hint: Think", "hint: Think, weight: 2"))).toBeNull(); // a field the editor cannot show
  });

  it("refuses to show settings it cannot edit faithfully", () => {
    expect(readQuiz("passMark: 80\nshuffle: true")).toBeNull();
    expect(readQuiz("questions: {}")).toBeNull();
    expect(readQuiz("passMark: [")).toBeNull();
  });
});

describe("module.yaml and activity files", () => {
  it("appends and moves activities across sections", () => {
    let yaml = newModuleYaml(
      "m",
      {
        title: "T",
        summary: "S",
        outcomes: ["o"],
        audience: ["primary-teachers"],
        keyStages: ["KS1"],
        topics: ["t"],
        cpdHours: 1,
        prerequisites: [],
      },
      "Ann",
    );
    yaml = appendActivity(appendActivity(yaml, "01-a.md"), "02-b.md");
    expect(readOutline(yaml).map((e) => e.path)).toEqual(["01-a.md", "02-b.md"]);
    yaml = moveActivity(yaml, "02-b.md", "up");
    expect(readOutline(yaml).map((e) => e.path)).toEqual(["02-b.md", "01-a.md"]);
    expect(moveActivity(yaml, "02-b.md", "up")).toBe(yaml);
  });

  it("splits and rebuilds an activity file", () => {
    const text = writeActivityFile({ id: "intro", type: "reading", title: "Intro", minutes: "5", settings: "", body: "Hello\n" });
    expect(text).toBe("---\nid: intro\ntype: reading\ntitle: Intro\nminutes: 5\n---\n\nHello\n");
    expect(readActivityFields(text)).toEqual({ id: "intro", type: "reading", title: "Intro", minutes: "5", settings: "", body: "Hello\n" });
  });
});

describe("sections", () => {
  it("adds, renames and removes empty sections; new activities go to the last one", () => {
    let yaml = newModuleYaml(
      "m",
      {
        title: "T",
        summary: "S",
        outcomes: ["o"],
        audience: ["primary-teachers"],
        keyStages: ["KS1"],
        topics: ["t"],
        cpdHours: 1,
        prerequisites: [],
      },
      "Ann",
    );
    yaml = appendActivity(yaml, "01-a.md");
    yaml = addSection(yaml, "Going further");
    yaml = appendActivity(yaml, "02-b.md");
    yaml = renameSection(yaml, 0, "Getting started");
    expect(readSections(yaml)).toEqual([
      { title: "Getting started", count: 1 },
      { title: "Going further", count: 1 },
    ]);
    expect(readOutline(yaml).map((e) => [e.path, e.sectionTitle])).toEqual([
      ["01-a.md", "Getting started"],
      ["02-b.md", "Going further"],
    ]);
    expect(removeEmptySection(yaml, 1)).toBe(yaml); // not empty
    yaml = moveActivity(yaml, "02-b.md", "up");
    expect(readSections(yaml).map((s) => s.count)).toEqual([2, 0]);
    expect(readSections(removeEmptySection(yaml, 1))).toEqual([{ title: "Getting started", count: 2 }]);
  });
});
