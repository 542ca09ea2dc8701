import type { RevealRule, StoredQuiz } from "~/modules/catalog/activity-data.ts";

/** Pure quiz grading. Answers arrive as option ids (single/multiple) or free text (short). */
export type QuizAnswers = Record<string, string[]>;

export type QuestionResult = {
  questionId: string;
  correct: boolean;
  /** Feedback for each option the learner chose, or the short-answer feedback. */
  feedback: { optionId?: string; text: string; correct: boolean }[];
  /** For choice questions: the options that were right, to show after a wrong answer. */
  correctOptionIds?: string[];
};

export type QuizResult = { score: number; passed: boolean; passMark: number; results: QuestionResult[] };

export const normaliseShortAnswer = (s: string) =>
  s
    .normalize("NFKC")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "");

export function gradeQuiz(quiz: StoredQuiz, answers: QuizAnswers): QuizResult {
  const results = quiz.questions.map((q): QuestionResult => {
    const given = (answers[q.id] ?? []).filter((v) => v.trim() !== "");
    if (q.kind === "short") {
      const text = given[0] ?? "";
      const correct = text !== "" && q.answers.some((a) => normaliseShortAnswer(a) === normaliseShortAnswer(text));
      return { questionId: q.id, correct, feedback: [{ text: correct ? q.feedback.correct : q.feedback.incorrect, correct }] };
    }
    const chosen = new Set(given);
    const correctIds = q.options.filter((o) => o.correct).map((o) => o.id);
    const correct = q.kind === "single" ? chosen.size === 1 && correctIds.includes([...chosen][0]!) : sameSet(chosen, new Set(correctIds));
    const feedback = q.options.filter((o) => chosen.has(o.id)).map((o) => ({ optionId: o.id, text: o.feedback, correct: o.correct }));
    return { questionId: q.id, correct, feedback, correctOptionIds: correctIds };
  });
  const right = results.filter((r) => r.correct).length;
  const score = results.length === 0 ? 100 : Math.round((right / results.length) * 100);
  return { score, passed: score >= quiz.passMark, passMark: quiz.passMark, results };
}

function sameSet(a: Set<string>, b: Set<string>) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

// ---------------------------------------------------------------------------
// What the learner's browser may be sent about an attempt (docs/decisions/0023)
// ---------------------------------------------------------------------------

export const DEFAULT_REVEAL: RevealRule = { when: "after-passing" };

/** The learner's history with this quiz, as far as the reveal rule cares. */
export type QuizHistory = { attempts: number; passed: boolean };

/**
 * Whether the right answers and their explanations may be shown. Passing always reveals them (they
 * can no longer help the learner pass); otherwise the author's rule decides. No attempt, no answers.
 */
export function answersRevealed(rule: RevealRule | undefined, history: QuizHistory): boolean {
  if (history.attempts < 1) return false;
  if (history.passed) return true;
  const r = rule ?? DEFAULT_REVEAL;
  if (r.when === "after-any-attempt") return true;
  if (r.when === "after-attempts") return history.attempts >= r.attempts;
  return false;
}

/** What the learner is told while the answers are held back. */
export function revealNote(rule: RevealRule | undefined, history: QuizHistory): string {
  const r = rule ?? DEFAULT_REVEAL;
  if (r.when === "after-attempts") {
    const left = r.attempts - history.attempts;
    return `The right answers and their explanations are shown once you pass, or after ${r.attempts} attempt${r.attempts === 1 ? "" : "s"} (${left} more to go).`;
  }
  return "The right answers and their explanations are shown once you pass.";
}

export type LearnerFeedback = { optionId?: string; text: string };
export type LearnerQuestionResult = {
  questionId: string;
  correct: boolean;
  /**
   * About what the learner answered. Before the reveal, a question answered wrongly gets only the
   * author's hints for the wrong options chosen (the misconception, never the answer).
   */
  feedback: LearnerFeedback[];
  /** The right answer and why: present only once the author's rule allows. */
  answer?: { optionIds: string[]; accepted: string[]; explanations: LearnerFeedback[] };
};
/** A graded attempt as the learner's browser receives it: nothing that gives the answers away until `revealed`. */
export type LearnerQuizResult = {
  score: number;
  passed: boolean;
  passMark: number;
  revealed: boolean;
  /** Why the answers are not shown yet (null once they are). */
  note: string | null;
  results: LearnerQuestionResult[];
};

/**
 * Grades an attempt and keeps only what the learner may see. `history` includes this attempt. A
 * question answered correctly keeps its own feedback (it explains the answer the learner gave); a
 * wrong one keeps only the hints until the rule allows.
 */
export function learnerQuizResult(quiz: StoredQuiz, answers: QuizAnswers, history: QuizHistory): LearnerQuizResult {
  const graded = gradeQuiz(quiz, answers);
  const revealed = answersRevealed(quiz.reveal, { attempts: history.attempts, passed: history.passed || graded.passed });
  const results = quiz.questions.map((q, i): LearnerQuestionResult => {
    const r = graded.results[i]!;
    const given = (answers[q.id] ?? []).filter((v) => v.trim() !== "");
    let feedback: LearnerFeedback[];
    let answer: LearnerQuestionResult["answer"];
    if (q.kind === "short") {
      feedback =
        r.correct || revealed
          ? [{ text: r.correct ? q.feedback.correct : q.feedback.incorrect }]
          : q.feedback.hint
            ? [{ text: q.feedback.hint }]
            : [];
      if (revealed) answer = { optionIds: [], accepted: [...q.answers], explanations: [] };
    } else {
      const chosen = q.options.filter((o) => given.includes(o.id));
      feedback =
        r.correct || revealed
          ? chosen.map((o) => ({ optionId: o.id, text: o.feedback }))
          : chosen.flatMap((o) => (!o.correct && o.hint ? [{ optionId: o.id, text: o.hint }] : []));
      if (revealed) {
        const right = q.options.filter((o) => o.correct);
        answer = {
          optionIds: right.map((o) => o.id),
          accepted: [],
          explanations: right.filter((o) => !given.includes(o.id)).map((o) => ({ optionId: o.id, text: o.feedback })),
        };
      }
    }
    return answer ? { questionId: q.id, correct: r.correct, feedback, answer } : { questionId: q.id, correct: r.correct, feedback };
  });
  return {
    score: graded.score,
    passed: graded.passed,
    passMark: graded.passMark,
    revealed,
    note: revealed ? null : revealNote(quiz.reveal, history),
    results,
  };
}

/** 1-based numbers of the questions with no answer, so the learner can be told which. */
export function unansweredQuestions(questions: { id: string }[], answers: QuizAnswers): number[] {
  return questions.flatMap((q, i) => ((answers[q.id] ?? []).some((v) => v.trim() !== "") ? [] : [i + 1]));
}

export function unansweredMessage(numbers: number[]): string {
  const list =
    numbers.length === 1 ? `question ${numbers[0]}` : `questions ${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
  return `Answer ${list} before checking your answers.`;
}
