import { describe, expect, it } from "vitest";
import type { StoredQuiz } from "~/modules/catalog/activity-data.ts";
import { gradeQuiz } from "./quiz.ts";

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
