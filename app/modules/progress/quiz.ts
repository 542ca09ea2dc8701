import type { StoredQuiz } from "~/modules/catalog/activity-data.ts";

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

/** 1-based numbers of the questions with no answer, so the learner can be told which. */
export function unansweredQuestions(questions: { id: string }[], answers: QuizAnswers): number[] {
  return questions.flatMap((q, i) => ((answers[q.id] ?? []).some((v) => v.trim() !== "") ? [] : [i + 1]));
}

export function unansweredMessage(numbers: number[]): string {
  const list =
    numbers.length === 1 ? `question ${numbers[0]}` : `questions ${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
  return `Answer ${list} before checking your answers.`;
}
