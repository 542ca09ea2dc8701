/**
 * What a published activity stores besides its rendered body (Activity.data, JSON). Pure types and
 * helpers shared by publishing, the lesson player and grading.
 */
export type StoredOption = { id: string; text: string; correct: boolean; feedback: string };
export type StoredQuestion =
  | { id: string; kind: "single" | "multiple"; promptHtml: string; options: StoredOption[] }
  | { id: string; kind: "short"; promptHtml: string; answers: string[]; feedback: { correct: string; incorrect: string } };
export type StoredQuiz = { passMark: number; questions: StoredQuestion[] };
export type StoredVideo = { src: string; captions: string };
export type StoredReflection = { prompt: string };
export type StoredActivityData = StoredQuiz | StoredVideo | StoredReflection | Record<string, never>;

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

export function publicQuiz(quiz: StoredQuiz): { passMark: number; questions: PublicQuestion[] } {
  return {
    passMark: quiz.passMark,
    questions: quiz.questions.map((q) =>
      q.kind === "short"
        ? { id: q.id, kind: q.kind, promptHtml: q.promptHtml }
        : { id: q.id, kind: q.kind, promptHtml: q.promptHtml, options: q.options.map((o) => ({ id: o.id, text: o.text })) },
    ),
  };
}
