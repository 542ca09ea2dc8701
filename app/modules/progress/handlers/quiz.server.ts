/** A quiz attempt: every question answered, graded on the server against the published quiz. */
import { AppError } from "~/utils/errors.ts";
import { gradeQuiz, unansweredMessage, unansweredQuestions, type QuizAnswers } from "../quiz.ts";
import { readStoredQuiz } from "../stored.ts";
import { readDefinition, type PreparedWrite, type WriteContext } from "./prepared-write.server.ts";

export async function prepareQuizAttempt(ctx: WriteContext, answers: QuizAnswers): Promise<PreparedWrite> {
  if (ctx.activityType !== "quiz") throw new AppError("bad-request", "This activity is not a quiz.");
  const quiz = await readDefinition(ctx, readStoredQuiz);
  const missing = unansweredQuestions(quiz.questions, answers);
  if (missing.length) throw new AppError("bad-request", unansweredMessage(missing));
  return async (tx) => {
    const { clientId, userId, moduleId, activityId, versionId, now } = ctx;
    const graded = gradeQuiz(quiz, answers);
    await tx.quizAttempt.create({
      data: {
        clientId,
        userId,
        moduleId,
        activityId,
        versionId,
        answers: JSON.stringify(answers),
        score: graded.score,
        passed: graded.passed,
        createdAt: now,
      },
    });
    return { completes: graded.passed, quiz: { score: graded.score, passed: graded.passed } };
  };
}
