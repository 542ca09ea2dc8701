/**
 * Opening a learner's saved block workspace (from this device or their account) safely. Pure.
 * A draft can be corrupt (a damaged or hand-edited copy), from a format Pathways no longer reads,
 * or from an older version of the exercise (blocks since removed from the toolbox). Any of these is
 * reported in words the learner understands, and the caller falls back to the starting blocks:
 * never a blank or crashed editor.
 */
import { BLOCKS, type BlockType, isBlockType, type Program, ProgramSchema } from "~/modules/blocks/program.ts";
import { SAVED_WORKSPACE_FORMAT, type SavedWorkspace, workspaceToProgram, type WorkspaceState } from "./block-definitions.ts";

export type OpenedDraft = { ok: true; saved: SavedWorkspace; program: Program } | { ok: false; reason: string };

/** Blockly's value ovals: not blocks of ours, but always allowed. */
const SHADOW_TYPES = new Set(["math_number", "text"]);

/** Every block type in Blockly's workspace JSON (top-level stacks, their inputs and next blocks). */
function typesIn(state: unknown, found: Set<string>) {
  if (Array.isArray(state)) {
    for (const item of state) typesIn(item, found);
    return;
  }
  if (typeof state !== "object" || state === null) return;
  const record = state as Record<string, unknown>;
  if (typeof record.type === "string") found.add(record.type);
  for (const key of ["inputs", "next", "block", "shadow"]) {
    const value = record[key];
    if (key === "inputs" && typeof value === "object" && value !== null) for (const input of Object.values(value)) typesIn(input, found);
    else if (key !== "inputs") typesIn(value, found);
  }
}

const names = (types: string[]) => types.map((t) => (isBlockType(t) ? `“${BLOCKS[t].label}”` : `“${t}”`)).join(", ");

export function openSavedDraft(text: string, toolbox: readonly BlockType[]): OpenedDraft {
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return { ok: false, reason: "the saved copy is damaged" };
  }
  const s = saved as Partial<SavedWorkspace> | null;
  if (!s || typeof s !== "object" || s.format !== SAVED_WORKSPACE_FORMAT || s.version !== 1) {
    return { ok: false, reason: "it was saved in a form this version of Pathways cannot read" };
  }
  const workspace = s.workspace as WorkspaceState | undefined;
  const stacks = workspace?.blocks?.blocks;
  if (typeof workspace !== "object" || workspace === null || (workspace.blocks !== undefined && !Array.isArray(stacks))) {
    return { ok: false, reason: "the saved copy is damaged" };
  }
  const types = new Set<string>();
  typesIn(stacks ?? [], types);
  const unknown = [...types].filter((t) => !isBlockType(t) && !SHADOW_TYPES.has(t));
  if (unknown.length > 0) return { ok: false, reason: `it uses blocks Pathways does not have (${names(unknown)})` };
  const offered = new Set<string>(toolbox);
  const removed = [...types].filter((t) => isBlockType(t) && !offered.has(t));
  if (removed.length > 0) {
    return {
      ok: false,
      reason: `it uses blocks that are no longer part of this exercise (${names(removed)}): the exercise has changed since you saved it`,
    };
  }
  const program = ProgramSchema.safeParse(workspaceToProgram(workspace).program);
  if (!program.success) return { ok: false, reason: "its blocks do not make a program we can run" };
  return { ok: true, saved: s as SavedWorkspace, program: program.data };
}
