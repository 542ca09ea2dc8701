import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mergeQuizSettings, quizSubmission, quizSubmissionOf, readQuiz, type QuizSubmission } from "./draft-content.ts";

/**
 * Saving the question editor writes what it sent over the stored quiz and keeps the rest (issue 12:
 * a save once turned a short-answer question into `kind: single` with no answers, because its kind
 * <select> sent nothing and the server filled in defaults).
 */

const STORED = [
  "# Checked with the maths department, June 2026",
  "passMark: 70",
  "revealAnswers: after-attempts",
  "revealAfterAttempts: 2",
  "questions:",
  "  - id: q-single",
  "    kind: single",
  "    prompt: Which gives every pupil thinking time?",
  "    options:",
  "      - { id: a, text: Hands up, correct: false, feedback: Only a few answer., hint: Who does the thinking? }",
  "      - { id: b, text: Mini whiteboards, correct: true, feedback: Everyone answers. }",
  "  - id: q-multiple",
  "    kind: multiple",
  "    prompt: Which are hinge questions?",
  "    options:",
  "      - { id: a, text: A diagnostic question, correct: true, feedback: Yes. }",
  "      - { id: b, text: A register, correct: false, feedback: No., hint: What does it diagnose? }",
  "  - id: q-short",
  "    kind: short",
  "    prompt: How many seconds of wait time?",
  "    answers: [five, '5']",
  "    feedback:",
  "      correct: Right.",
  "      incorrect: Look again at the reading.",
  "      hint: More than three.",
].join("\n");

const result = (merged: ReturnType<typeof mergeQuizSettings>) => {
  if (!merged.ok) throw new Error(merged.message);
  return merged.settings;
};

/** What the editor sends for the stored quiz when the author changes nothing (every field rendered). */
function unchanged(): QuizSubmission {
  return quizSubmissionOf(readQuiz(STORED)!);
}

describe("mergeQuizSettings", () => {
  it("gives back the same quiz, comment included, when nothing was changed", () => {
    const merged = result(mergeQuizSettings(STORED, unchanged()));
    expect(parse(merged)).toEqual(parse(STORED));
    expect(merged).toContain("# Checked with the maths department, June 2026");
    // Saving again changes nothing at all.
    expect(result(mergeQuizSettings(merged, unchanged()))).toBe(merged);
  });

  it("keeps a question's kind, answers and feedback when its kind select sent nothing", () => {
    const submission = unchanged();
    for (const q of submission.questions) q.kind = undefined;
    submission.revealAnswers = undefined;
    submission.revealAfterAttempts = undefined;
    expect(parse(result(mergeQuizSettings(STORED, submission)))).toEqual(parse(STORED));
  });

  it("keeps what the page did not render: a short question's options, a choice question's answers", () => {
    const submission = unchanged();
    for (const q of submission.questions) {
      if (q.kind === "short") q.options = undefined;
      else Object.assign(q, { answers: undefined, feedbackCorrect: undefined, feedbackIncorrect: undefined, feedbackHint: undefined });
    }
    expect(parse(result(mergeQuizSettings(STORED, submission)))).toEqual(parse(STORED));
  });

  it("keeps keys the editor has no input for, at every level", () => {
    const stored = STORED.replace("passMark: 70", "passMark: 70\nshuffle: true")
      .replace("    prompt: Which are hinge questions?", "    prompt: Which are hinge questions?\n    explanation: See chapter 2.")
      .replace("feedback: Everyone answers. }", "feedback: Everyone answers., weight: 2 }");
    const data = parse(result(mergeQuizSettings(stored, unchanged()))) as Record<string, unknown>;
    expect(data).toEqual(parse(stored));
  });

  it("keeps an explicit after-passing, and drops the number of attempts when the rule changes", () => {
    const explicit = STORED.replace("revealAnswers: after-attempts\nrevealAfterAttempts: 2", "revealAnswers: after-passing");
    const submission = quizSubmissionOf(readQuiz(explicit)!);
    expect(submission.revealAnswers).toBe("");
    expect(parse(result(mergeQuizSettings(explicit, submission)))).toMatchObject({ revealAnswers: "after-passing" });

    const changed = { ...unchanged(), revealAnswers: "after-any-attempt" };
    const data = parse(result(mergeQuizSettings(STORED, changed))) as Record<string, unknown>;
    expect(data.revealAnswers).toBe("after-any-attempt");
    expect(data).not.toHaveProperty("revealAfterAttempts");
  });

  it("writes what the author changed: an emptied hint is removed, a new option gets a free id, empty rows are dropped", () => {
    const submission = unchanged();
    const single = submission.questions[0]!;
    single.prompt = "  Which gives every pupil time to think?  ";
    single.options![0]!.hint = "";
    single.options!.push(
      { id: "", text: "Cold calling", correct: false, feedback: "One pupil at a time.", hint: "" },
      { id: "", text: "", correct: false, feedback: "", hint: "" },
    );
    const data = parse(result(mergeQuizSettings(STORED, submission))) as {
      questions: { prompt: string; options: Record<string, unknown>[] }[];
    };
    expect(data.questions[0]!.prompt).toBe("Which gives every pupil time to think?");
    expect(data.questions[0]!.options).toEqual([
      { id: "a", text: "Hands up", correct: false, feedback: "Only a few answer." },
      { id: "b", text: "Mini whiteboards", correct: true, feedback: "Everyone answers." },
      { id: "option-3", text: "Cold calling", correct: false, feedback: "One pupil at a time." },
    ]);
  });

  it("removes an option whose text, feedback and hint were all emptied, and a blank new question's empty rows", () => {
    const submission = unchanged();
    Object.assign(submission.questions[1]!.options![1]!, { text: "", feedback: "", hint: "" });
    submission.questions.push({
      id: "q4",
      kind: "single",
      prompt: "",
      options: [
        { id: "a", text: "", correct: false, feedback: "", hint: "" },
        { id: "b", text: "", correct: false, feedback: "", hint: "" },
      ],
    });
    const data = parse(result(mergeQuizSettings(STORED, submission))) as { questions: { id: string; options?: { id: string }[] }[] };
    expect(data.questions[1]!.options!.map((o) => o.id)).toEqual(["a"]);
    expect(data.questions[3]).toEqual({ id: "q4", kind: "single", prompt: "", options: [] });
  });

  it("drops the old kind's fields when the author changes the kind, and removes only a removed question", () => {
    const submission = unchanged();
    submission.questions[2]!.kind = "single"; // short -> single: its answers go; options are added next
    submission.questions.splice(1, 1);
    const data = parse(result(mergeQuizSettings(STORED, submission))) as { questions: Record<string, unknown>[] };
    expect(data.questions.map((q) => q.id)).toEqual(["q-single", "q-short"]);
    expect(data.questions[1]).toEqual({ id: "q-short", kind: "single", prompt: "How many seconds of wait time?", options: [] });
  });

  it("refuses a question with no kind at all rather than guessing one", () => {
    const merged = mergeQuizSettings(STORED, {
      questions: [{ id: "q-new", prompt: "New", options: [] }],
    });
    expect(merged).toEqual({ ok: false, message: "Choose a kind for question 1." });
  });

  it("starts from nothing when the stored settings cannot be read", () => {
    const data = parse(result(mergeQuizSettings("passMark: [", unchanged())));
    expect(data).toEqual(parse(STORED));
  });
});

describe("quizSubmission", () => {
  it("turns every field the form did not send into undefined", () => {
    const value = readQuiz(STORED)!;
    const sent = new Set([
      "quiz.passMark",
      "quiz.questions[0].prompt",
      "quiz.questions[0].options[0].id",
      "quiz.questions[0].options[0].text",
    ]);
    const submission = quizSubmission(value, (name) => sent.has(name));
    expect(submission.passMark).toBe("70");
    expect(submission.revealAnswers).toBeUndefined();
    expect(submission.questions[0]).toMatchObject({ kind: undefined, prompt: "Which gives every pupil thinking time?" });
    expect(submission.questions[0]!.options![0]).toMatchObject({ id: "a", text: "Hands up", feedback: undefined, hint: undefined });
    expect(submission.questions[2]!.options).toBeUndefined();
    expect(submission.questions[2]!.answers).toBeUndefined();
  });
});
