/**
 * Drafts authored in the browser, for the authoring tests (drafts, review): the people involved and
 * a valid draft ready to submit, made by the app's own functions.
 */
import type { ModuleDetails } from "~/modules/authoring/draft-content.ts";
import type { Actor } from "~/modules/authoring/draft-access.server.ts";
import { addActivity, createDraft } from "~/modules/authoring/drafts.server.ts";
import { createUser } from "./users.ts";

export const DRAFT_DETAILS: ModuleDetails = {
  title: "Questioning in the classroom",
  summary: "How to ask questions that make every pupil think.",
  outcomes: ["Plan hinge questions"],
  audience: ["primary-teachers"],
  keyStages: ["KS2"],
  topics: ["questioning"],
  cpdHours: 1,
  prerequisites: [],
};

/** A new account with these roles, as the Actor the authoring functions take. */
export async function createActor(roles: ("author" | "admin")[], name: string): Promise<Actor> {
  const user = await createUser({ roles, name });
  return { id: user.id, name, roles };
}

let counter = 0;
/** A draft owned by `owner` with a reading and a quiz, valid and ready to submit. */
export async function createValidDraft(owner: Actor, moduleId = `draft-${++counter}-${Date.now().toString(36)}`) {
  const created = await createDraft(owner, { moduleId, details: DRAFT_DETAILS });
  const reading = await addActivity(owner, { draftId: created.draftId, revision: 1, type: "reading", title: "Why questions matter" });
  const quiz = await addActivity(owner, {
    draftId: created.draftId,
    revision: reading.revision,
    type: "quiz",
    title: "Check your understanding",
  });
  return { draftId: created.draftId, moduleId, revision: quiz.revision, readingPath: reading.path, quizPath: quiz.path };
}
