/**
 * What a published activity stores besides its rendered body (Activity.data, JSON). Pure types and
 * helpers shared by publishing, the lesson player and grading.
 */
import type { BlocksExerciseRules } from "../blocks/exercise.ts";
import type { Program } from "../blocks/program.ts";
import type { CodeLanguage, ExerciseKind, ExerciseTest } from "../exercises/harness.ts";
import type { ParsonsPuzzle } from "../exercises/parsons.ts";

/** `hint`: shown, before the answers are revealed, to a learner who chose this wrong option. */
export type StoredOption = { id: string; text: string; correct: boolean; feedback: string; hint?: string };
export type StoredQuestion =
  | { id: string; kind: "single" | "multiple"; promptHtml: string; options: StoredOption[] }
  | {
      id: string;
      kind: "short";
      promptHtml: string;
      answers: string[];
      /** `incorrect` may give the answer away, so it waits for the reveal; `hint` does not. */
      feedback: { correct: string; incorrect: string; hint?: string };
    };
/**
 * When the right answers and their explanations may reach the learner's browser (docs/decisions/0023).
 * Absent in versions published before it existed: then the default, after passing.
 */
export type RevealRule = { when: "after-passing" } | { when: "after-attempts"; attempts: number } | { when: "after-any-attempt" };
export type StoredQuiz = { passMark: number; reveal?: RevealRule; questions: StoredQuestion[] };
export type StoredVideo = { src: string; captions: string };
export type StoredReflection = { prompt: string };
/**
 * A code exercise as the browser gets it. The tests run in the learner's browser, so they are here
 * (and visible to a determined learner); the solution and the known-wrong solutions are never
 * stored at all: they exist only in the course files and are used by courses:check.
 */
export type StoredCode = {
  language: CodeLanguage;
  kind: ExerciseKind;
  /** The code the editor starts with: the starter, or for predict without one, the program to predict. Empty for parsons. */
  starter: string;
  tests: ExerciseTest[];
  inputs: string[];
  /** Hints as sanitised HTML, shown one at a time. */
  hintsHtml: string[];
  predict?: { question: string };
  parsons?: ParsonsPuzzle;
};
/**
 * A block exercise: what the lesson player needs to show, run and check it, and what the server
 * re-checks a learner's program against before completing the activity (goals run in the browser
 * too, so a determined learner can read them). The solution and wrong solutions are never stored.
 */
export type StoredBlocks = BlocksExerciseRules & {
  /** The program learners start with (and can reset to). */
  starting: Program;
  /** Hints as sanitised HTML, shown one at a time. */
  hintsHtml: string[];
};
export type StoredActivityData = StoredQuiz | StoredVideo | StoredReflection | StoredCode | StoredBlocks | Record<string, never>;

/** The module-level facts kept as JSON on ModuleVersion.meta. */
export type StoredModuleMeta = {
  outcomes: string[];
  prerequisites: string[];
  authors: { name: string; role: string; organisation?: string }[];
  versionNotes?: string;
  audience: string[];
  keyStages: string[];
  topics: string[];
  sections: { title: string; activityIds: string[] }[];
};

/** A quiz as the learner may see it before answering: no correct flags, answers or feedback. */
export type PublicQuestion =
  | { id: string; kind: "single" | "multiple"; promptHtml: string; options: { id: string; text: string }[] }
  | { id: string; kind: "short"; promptHtml: string };

export function publicQuiz(quiz: StoredQuiz): { passMark: number; reveal: RevealRule; questions: PublicQuestion[] } {
  return {
    passMark: quiz.passMark,
    reveal: quiz.reveal ?? { when: "after-passing" },
    questions: quiz.questions.map((q) =>
      q.kind === "short"
        ? { id: q.id, kind: q.kind, promptHtml: q.promptHtml }
        : { id: q.id, kind: q.kind, promptHtml: q.promptHtml, options: q.options.map((o) => ({ id: o.id, text: o.text })) },
    ),
  };
}
