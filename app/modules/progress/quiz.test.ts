import { describe, expect, it } from "vitest";
import type { StoredQuiz } from "~/modules/catalog/activity-data.ts";
import { answersRevealed, gradeQuiz, learnerQuizResult, revealNote } from "./quiz.ts";

const quiz: StoredQuiz = {
  passMark: 70,
  questions: [
    {
      id: "q1",
      kind: "single",
      promptHtml: "<p>One</p>",
      options: [
        { id: "a", text: "A", correct: false, feedback: "Not A" },
        { id: "b", text: "B", correct: true, feedback: "Yes B" },
      ],
    },
    {
      id: "q2",
      kind: "multiple",
      promptHtml: "<p>Many</p>",
      options: [
        { id: "x", text: "X", correct: true, feedback: "X is right" },
        { id: "y", text: "Y", correct: true, feedback: "Y is right" },
        { id: "z", text: "Z", correct: false, feedback: "Z is wrong" },
      ],
    },
    {
      id: "q3",
      kind: "short",
      promptHtml: "<p>Name it</p>",
      answers: ["Halo effect", "halo"],
      feedback: { correct: "Right", incorrect: "It is the halo effect" },
    },
  ],
};

describe("gradeQuiz", () => {
  it("passes a fully correct attempt and gives feedback for each choice", () => {
    const result = gradeQuiz(quiz, { q1: ["b"], q2: ["x", "y"], q3: ["  the HALO effect "] });
    expect(result.results.map((r) => r.correct)).toEqual([true, true, false]);
    const again = gradeQuiz(quiz, { q1: ["b"], q2: ["y", "x"], q3: [" HALO  effect. "] });
    expect(again).toMatchObject({ score: 100, passed: true });
    expect(again.results[1]!.feedback.map((f) => f.text)).toEqual(["X is right", "Y is right"]);
  });

  it("needs exactly the right set for a multiple-choice question", () => {
    expect(gradeQuiz(quiz, { q2: ["x"] }).results[1]!.correct).toBe(false);
    expect(gradeQuiz(quiz, { q2: ["x", "y", "z"] }).results[1]!.correct).toBe(false);
  });

  it("marks unanswered questions wrong and fails below the pass mark", () => {
    const result = gradeQuiz(quiz, { q1: ["b"] });
    expect(result).toMatchObject({ score: 33, passed: false, passMark: 70 });
    expect(result.results[2]!.feedback[0]!.text).toBe("It is the halo effect");
  });

  it("does not accept two answers to a single-choice question", () => {
    expect(gradeQuiz(quiz, { q1: ["a", "b"] }).results[0]!.correct).toBe(false);
  });
});

describe("answersRevealed: when the right answers may reach the learner (ADR 0023)", () => {
  const wrong = (attempts: number) => ({ attempts, passed: false });
  it("after passing (the default, also when the rule is absent): never before a pass, however many attempts", () => {
    for (const rule of [undefined, { when: "after-passing" as const }]) {
      expect(answersRevealed(rule, wrong(0))).toBe(false);
      expect(answersRevealed(rule, wrong(1))).toBe(false);
      expect(answersRevealed(rule, wrong(50))).toBe(false);
      expect(answersRevealed(rule, { attempts: 1, passed: true })).toBe(true);
    }
  });
  it("after N attempts: from the Nth attempt on, or after a pass", () => {
    const rule = { when: "after-attempts" as const, attempts: 3 };
    expect(answersRevealed(rule, wrong(2))).toBe(false);
    expect(answersRevealed(rule, wrong(3))).toBe(true);
    expect(answersRevealed(rule, { attempts: 1, passed: true })).toBe(true);
  });
  it("after any attempt: from the first attempt, never before one", () => {
    expect(answersRevealed({ when: "after-any-attempt" }, wrong(0))).toBe(false);
    expect(answersRevealed({ when: "after-any-attempt" }, wrong(1))).toBe(true);
  });
  it("tells the learner when the answers will be shown", () => {
    expect(revealNote(undefined, wrong(1))).toMatch(/once you pass/);
    expect(revealNote({ when: "after-attempts", attempts: 3 }, wrong(1))).toMatch(/after 3 attempts \(2 more to go\)/);
  });
});

describe("learnerQuizResult: what the learner's browser receives", () => {
  const hinted: StoredQuiz = {
    ...quiz,
    questions: quiz.questions.map((q) =>
      q.kind === "short"
        ? { ...q, feedback: { ...q.feedback, hint: "Think of a saint's ring of light" } }
        : { ...q, options: q.options.map((o) => (o.correct ? o : { ...o, hint: `${o.id} is a common mix-up` })) },
    ),
  };
  const wrongAnswers = { q1: ["a"], q2: ["x", "z"], q3: ["horns"] };

  it("before the reveal: score and which questions were wrong, hints for the wrong choices, nothing that gives the answers away", () => {
    const result = learnerQuizResult(hinted, wrongAnswers, { attempts: 1, passed: false });
    expect(result).toMatchObject({ score: 0, passed: false, revealed: false });
    expect(result.note).toMatch(/once you pass/);
    expect(result.results.map((r) => r.correct)).toEqual([false, false, false]);
    expect(result.results.map((r) => r.feedback.map((f) => f.text))).toEqual([
      ["a is a common mix-up"],
      ["z is a common mix-up"], // x was right, but saying so would give part of the answer away
      ["Think of a saint's ring of light"],
    ]);
    const json = JSON.stringify(result);
    for (const secret of [
      "Yes B",
      "Not A",
      "X is right",
      "Z is wrong",
      "Halo effect",
      "It is the halo effect",
      "correctOptionIds",
      '"b"',
      '"y"',
    ])
      expect(json).not.toContain(secret);
    expect(result.results.some((r) => "answer" in r)).toBe(false);
  });

  it("keeps the explanation of a question the learner got right (it explains their own answer)", () => {
    const result = learnerQuizResult(hinted, { q1: ["b"], q2: ["x"], q3: ["no"] }, { attempts: 1, passed: false });
    expect(result.results[0]).toEqual({ questionId: "q1", correct: true, feedback: [{ optionId: "b", text: "Yes B" }] });
    expect(result.results[1]!.feedback).toEqual([]);
  });

  it("without hints, a wrong answer gets no feedback text before the reveal", () => {
    const result = learnerQuizResult(quiz, wrongAnswers, { attempts: 3, passed: false });
    expect(result.results.map((r) => r.feedback)).toEqual([[], [], []]);
  });

  it("once the rule allows: the right answers and every explanation", () => {
    const result = learnerQuizResult({ ...hinted, reveal: { when: "after-attempts", attempts: 2 } }, wrongAnswers, {
      attempts: 2,
      passed: false,
    });
    expect(result).toMatchObject({ revealed: true, note: null });
    expect(result.results[0]).toEqual({
      questionId: "q1",
      correct: false,
      feedback: [{ optionId: "a", text: "Not A" }],
      answer: { optionIds: ["b"], accepted: [], explanations: [{ optionId: "b", text: "Yes B" }] },
    });
    expect(result.results[2]!.answer).toEqual({ optionIds: [], accepted: ["Halo effect", "halo"], explanations: [] });
    expect(result.results[2]!.feedback).toEqual([{ text: "It is the halo effect" }]);
  });

  it("a passing attempt reveals the answers under the default rule", () => {
    const result = learnerQuizResult(hinted, { q1: ["b"], q2: ["x", "y"], q3: ["halo"] }, { attempts: 1, passed: false });
    expect(result).toMatchObject({ passed: true, revealed: true });
  });
});
