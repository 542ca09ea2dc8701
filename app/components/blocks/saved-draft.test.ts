import { describe, expect, it } from "vitest";
import type { Program } from "~/modules/blocks/program.ts";
import { programToWorkspace } from "./block-definitions.ts";
import { openSavedDraft } from "./saved-draft.ts";

const toolbox = ["event_whenflagclicked", "motion_movesteps"] as const;
const program: Program = { version: 1, scripts: [{ type: "event_whenflagclicked", body: [{ type: "motion_movesteps", steps: 50 }] }] };
const saved = (p: Program) =>
  JSON.stringify({ format: "pathways-blocks", version: 1, blockly: "13.3.0", workspace: programToWorkspace(p) });

describe("opening a saved block workspace", () => {
  it("opens a draft made with the exercise's blocks", () => {
    const opened = openSavedDraft(saved(program), [...toolbox]);
    expect(opened.ok).toBe(true);
    expect(opened.ok && opened.program).toEqual(program);
  });

  it("reports a damaged copy, an unknown format and unknown blocks", () => {
    expect(openSavedDraft("{not json", [...toolbox])).toEqual({ ok: false, reason: "the saved copy is damaged" });
    expect(openSavedDraft(JSON.stringify({ format: "pathways-blocks", version: 2 }), [...toolbox])).toEqual({
      ok: false,
      reason: "it was saved in a form this version of Pathways cannot read",
    });
    expect(openSavedDraft("null", [...toolbox]).ok).toBe(false);
    const alien = JSON.stringify({
      format: "pathways-blocks",
      version: 1,
      workspace: { blocks: { languageVersion: 0, blocks: [{ type: "event_whenflagclicked", next: { block: { type: "pen_down" } } }] } },
    });
    expect(openSavedDraft(alien, [...toolbox])).toEqual({ ok: false, reason: "it uses blocks Pathways does not have (“pen_down”)" });
    const notAList = JSON.stringify({ format: "pathways-blocks", version: 1, workspace: { blocks: { blocks: "nope" } } });
    expect(openSavedDraft(notAList, [...toolbox])).toEqual({ ok: false, reason: "the saved copy is damaged" });
  });

  it("reports a draft from an older version of the exercise that used blocks it no longer offers", () => {
    const older: Program = { version: 1, scripts: [{ type: "event_whenflagclicked", body: [{ type: "looks_say", message: "Hi" }] }] };
    expect(openSavedDraft(saved(older), [...toolbox])).toEqual({
      ok: false,
      reason: "it uses blocks that are no longer part of this exercise (“say”): the exercise has changed since you saved it",
    });
  });
});
