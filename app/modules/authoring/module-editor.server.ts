/**
 * The module editor page (/author/modules/:id): what it shows (getDraftEditor) and what each of its
 * forms does (runModuleEditorCommand), so the route only reads the request, calls these and
 * redirects. Failures the author can put right are AppErrors (400, 409), per docs/decisions/0046.
 */
import { activityTypeLabel } from "../catalog/labels.ts";
import { readModuleDetails, readSections } from "./draft-content.ts";
import { getDraftMediaPanel } from "./draft-media.server.ts";
import {
  addActivity,
  archiveDraft,
  attachMedia,
  changeSections,
  detachMedia,
  draftActivities,
  draftActivityMinutes,
  moveActivityInDraft,
  removeActivityFromDraft,
} from "./drafts.server.ts";
import { addCoAuthor, listCoAuthors, removeCoAuthor } from "./draft-co-authors.server.ts";
import { describeProblem, validateDraft } from "./draft-validation.server.ts";
import { listReviews, submitDraft, withdrawDraft } from "./draft-review.server.ts";
import { requireDraft, type Actor } from "./draft-access.server.ts";
import type { ModuleEditorCommand } from "./schemas.ts";

/** Everything the module editor shows, for a draft this person may edit (404 otherwise). */
export async function getDraftEditor(user: Actor, key: string) {
  const draft = await requireDraft(user, key);
  const [{ problems }, reviews, coAuthors, media] = await Promise.all([
    validateDraft(draft),
    listReviews(user, draft.id),
    listCoAuthors(user, draft.id),
    getDraftMediaPanel(draft),
  ]);
  const moduleFile = `${draft.moduleId}/module.yaml`;
  const { activities, unlisted } = draftActivities(draft);
  return {
    draft: {
      id: draft.id,
      moduleId: draft.moduleId,
      title: draft.title,
      status: draft.status,
      revision: draft.revision,
      owner: draft.owner.name,
      hasPublished: draft.publishedYaml !== null,
    },
    details: readModuleDetails(draft.moduleYaml),
    activityMinutes: draftActivityMinutes(draft),
    activities: activities.map((a) => ({
      ...a,
      typeName: activityTypeLabel(a.type),
      problemCount: problems.filter((p) => p.file === `${draft.moduleId}/${a.path}`).length,
    })),
    unlisted,
    sections: readSections(draft.moduleYaml),
    moduleProblems: problems.filter((p) => p.file === moduleFile).map(describeProblem),
    problemCount: problems.length,
    reviews,
    coAuthors: coAuthors.map((u) => ({ id: u.id, name: u.name, email: u.email })),
    canManage: draft.ownerId === user.id || user.roles.includes("admin"),
    media,
  };
}

/**
 * Carries out one of the editor's forms on draft `draftId` and says where the author goes next,
 * relative to the editor's address (e.g. "?saved=removed#activities").
 */
export async function runModuleEditorCommand(user: Actor, draftId: string, command: ModuleEditorCommand): Promise<string> {
  switch (command.intent) {
    case "add-activity": {
      const added = await addActivity(user, { draftId, revision: command.revision, type: command.type, title: command.title });
      return `/activities/${encodeURIComponent(added.path)}`;
    }
    case "move-up":
    case "move-down": {
      const direction = command.intent === "move-up" ? "up" : "down";
      await moveActivityInDraft(user, { draftId, revision: command.revision, path: command.path, direction });
      return "#activities";
    }
    case "remove":
      await removeActivityFromDraft(user, { draftId, revision: command.revision, path: command.path });
      return "?saved=removed#activities";
    case "submit":
      await submitDraft(user, { draftId, revision: command.revision });
      return "?saved=submitted";
    case "attach-media": {
      const path = command.mediaPath ?? "";
      await attachMedia(user, { draftId, revision: command.revision, path, assetId: command.assetId });
      return "?saved=media#media";
    }
    case "detach-media":
      await detachMedia(user, { draftId, revision: command.revision, path: command.path });
      return "?saved=media-removed#media";
    case "add-co-author":
      await addCoAuthor(user, { draftId, email: command.email });
      return "?saved=co-author#co-authors";
    case "remove-co-author":
      await removeCoAuthor(user, { draftId, userId: command.userId });
      return "?saved=co-author-removed#co-authors";
    case "add-section":
      await changeSections(user, { draftId, revision: command.revision, change: { kind: "add", title: command.title } });
      return "?saved=sections#sections";
    case "rename-section": {
      const change = { kind: "rename", index: command.index, title: command.title } as const;
      await changeSections(user, { draftId, revision: command.revision, change });
      return "?saved=sections#sections";
    }
    case "remove-section":
      await changeSections(user, { draftId, revision: command.revision, change: { kind: "remove", index: command.index } });
      return "?saved=sections#sections";
    case "withdraw":
      await withdrawDraft(user, { draftId });
      return "?saved=withdrawn";
    case "archive":
      await archiveDraft(user, { draftId });
      return "?saved=archived";
  }
}
