/**
 * A block exercise in the lesson player: the block editor (Blockly, loaded lazily by BlockWorkspace)
 * restricted to the exercise's toolbox and block limit, the stage (Run, Stop, speed, a spoken
 * description), "Check my program" against the goals, hints one at a time, reset to the starting
 * blocks, and "Download for Scratch".
 *
 * Drafts: the workspace is kept on this device as the learner works and sent, debounced, through the
 * progress queue to their account (intent blocks-draft). On opening, the newer copy wins; a copy that
 * cannot be opened (damaged, or from an older version of the exercise) is reported and the starting
 * blocks are shown instead. Checking shows the result at once and sends the program (blocks-check):
 * the server runs the same check on the published exercise and only then completes the activity.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { getProgressQueue } from "~/components/lesson/progress-queue.ts";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { type BlocksCheck, checkBlocksExercise } from "~/modules/blocks/exercise.ts";
import type { Program } from "~/modules/blocks/program.ts";
import type { StoredBlocks } from "~/modules/catalog/activity-data.ts";
import { chooseDraft, type DraftCopy } from "~/modules/exercises/drafts.ts";
import { ExerciseHints, readLocal, ResetConfirmation, writeLocal } from "~/components/exercises/exercise-parts.tsx";
import type { Conversion, SavedWorkspace } from "./block-definitions.ts";
import { BlockWorkspace, type BlockWorkspaceHandle } from "./block-workspace.tsx";
import { openSavedDraft } from "./saved-draft.ts";
import { Stage } from "./stage.tsx";
import { CheckReport } from "~/components/blocks/check-report.tsx";
import { formatDate } from "~/utils/dates.ts";

export type BlockExerciseProps = {
  moduleId: string;
  activityId: string;
  title: string;
  exercise: StoredBlocks;
  draft: { code: string; updatedAt: string | Date } | null;
  lastRun: { passed: boolean; createdAt: string | Date } | null;
  completed: boolean;
  /** False until the page has hydrated: without JavaScript the editor cannot run. */
  interactive: boolean;
};

/** How long the blocks must stay unchanged before the draft is sent to the server (it is kept on the device at once). */
const SERVER_SAVE_DELAY_MS = 1500;
export const blocksDraftKey = (moduleId: string, activityId: string) => `pathways.blocks-draft.${moduleId}.${activityId}`;
const hintsKey = (moduleId: string, activityId: string) => `pathways.blocks-hints.${moduleId}.${activityId}`;

type Opening = { initial: Program | SavedWorkspace; program: Program; notice: string | null; problem: string | null };
type Download = { state: "idle" } | { state: "working" } | { state: "ready"; message: string } | { state: "refused"; problems: string[] };

export function BlockExercise({ moduleId, activityId, title, exercise, draft, lastRun, completed, interactive }: BlockExerciseProps) {
  const draftKey = blocksDraftKey(moduleId, activityId);
  const workspace = useRef<BlockWorkspaceHandle>(null);
  const [opening, setOpening] = useState<Opening | null>(null);
  const [conversion, setConversion] = useState<Conversion>({ program: exercise.starting, looseBlocks: 0 });
  const [report, setReport] = useState<BlocksCheck | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [download, setDownload] = useState<Download>({ state: "idle" });
  const saveTimer = useRef<ReturnType<typeof setTimeout>>();
  // The workspace as last loaded or saved (JSON text): a change event that leaves it as it was saves nothing.
  const lastSaved = useRef<string | null>(null);
  // After a load by the page (not by the learner), the next change event only records the new baseline.
  const adoptNext = useRef(true);
  const reportHeading = useRef<HTMLHeadingElement>(null);

  const saveDraft = useCallback(
    (text: string) => {
      writeLocal(draftKey, { code: text, at: Date.now() } satisfies DraftCopy);
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => {
        getProgressQueue().enqueue({ moduleId, activityId, intent: "blocks-draft", workspace: text }, { replacePending: true });
      }, SERVER_SAVE_DELAY_MS);
    },
    [draftKey, moduleId, activityId],
  );

  // On opening (in the browser only: drafts live in localStorage), choose what the editor starts with.
  useEffect(() => {
    const device = readLocal<DraftCopy>(draftKey);
    const account = draft ? { code: draft.code, at: new Date(draft.updatedAt).getTime() } : null;
    const choice = chooseDraft({ starter: "", account, device, what: "program" });
    let next: Opening = { initial: exercise.starting, program: exercise.starting, notice: null, problem: null };
    if (choice.from !== "starter") {
      const opened = openSavedDraft(choice.code, exercise.toolbox);
      if (opened.ok) {
        next = { initial: opened.saved, program: opened.program, notice: choice.notice, problem: null };
        if (choice.from === "device" && device) saveDraft(device.code);
        else if (choice.from === "account" && account) writeLocal(draftKey, account);
      } else {
        // The other copy (account or device), if there is a different one that opens, is the next best thing.
        const other = choice.from === "device" ? account : device;
        const fallback = other && other.code !== choice.code ? openSavedDraft(other.code, exercise.toolbox) : null;
        const where = choice.from === "device" ? "on this device" : "saved to your account";
        next = fallback?.ok
          ? {
              initial: fallback.saved,
              program: fallback.program,
              notice: null,
              problem: `The copy of your program ${where} could not be opened: ${opened.reason}. We loaded your other copy (${choice.from === "device" ? "saved to your account" : "on this device"}) instead.`,
            }
          : {
              ...next,
              problem: `Your saved program could not be opened: ${opened.reason}. The starting blocks are shown instead; your saved copy is kept until you change something here.`,
            };
      }
    }
    setOpening(next);
    setConversion({ program: next.program, looseBlocks: 0 });
    return () => clearTimeout(saveTimer.current);
    // Once per exercise opened (the component is keyed by activity).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onChange = useCallback(
    (next: Conversion, saved: SavedWorkspace) => {
      setConversion(next);
      const text = JSON.stringify(saved);
      if (adoptNext.current) {
        adoptNext.current = false;
        lastSaved.current = text;
        return;
      }
      if (text === lastSaved.current) return;
      lastSaved.current = text;
      setReport(null);
      setDownload({ state: "idle" });
      saveDraft(text);
    },
    [saveDraft],
  );

  const check = () => {
    const result = checkBlocksExercise(exercise, conversion.program);
    setReport(result);
    requestAnimationFrame(() => reportHeading.current?.focus());
    const saved = workspace.current?.save();
    getProgressQueue().enqueue({
      moduleId,
      activityId,
      intent: "blocks-check",
      workspace: saved ? JSON.stringify(saved) : (lastSaved.current ?? ""),
      program: conversion.program,
    });
  };

  const reset = () => {
    setConfirmReset(false);
    setReport(null);
    workspace.current?.load(exercise.starting); // a change like any other: saved as the draft
    setOpening((o) => (o ? { ...o, problem: null, notice: null } : o));
    setNotice("Your program has been reset to the starting blocks.");
  };

  const downloadForScratch = async () => {
    setDownload({ state: "working" });
    const { buildSb3, ScratchExportError, SB3_MIME_TYPE } = await import("~/modules/blocks/sb3.ts");
    const filename = `${activityId}.sb3`;
    try {
      const bytes = await buildSb3(conversion.program, { start: exercise.start });
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: SB3_MIME_TYPE }));
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownload({ state: "ready", message: `Downloaded ${filename}. In Scratch 3, choose File, then Load from your computer.` });
    } catch (error) {
      if (error instanceof ScratchExportError) setDownload({ state: "refused", problems: error.problems });
      else throw error;
    }
  };

  return (
    <div className="block-exercise">
      {completed ? (
        <p className="completed-note" role="status">
          <span aria-hidden="true">✓ </span>You have completed this activity. You can keep practising: your program is still saved.
        </p>
      ) : lastRun ? (
        <p className="muted">
          {lastRun.passed ? "Your last check passed" : "You last checked your program"} on {formatDate(lastRun.createdAt, "dateTime")}.
        </p>
      ) : null}

      {opening?.problem ? <Alert tone="warning">{opening.problem}</Alert> : null}
      {notice || opening?.notice ? (
        <p className="exercise-notice" role="status">
          {notice ?? opening?.notice}
        </p>
      ) : null}

      <div className="block-exercise__main">
        <section aria-labelledby="blocks-heading">
          <h2 id="blocks-heading">Your program</h2>
          {interactive && opening ? (
            <BlockWorkspace
              ref={workspace}
              label={`Blocks for “${title}”`}
              toolbox={{ blocks: exercise.toolbox }}
              initial={opening.initial}
              maxBlocks={exercise.maxBlocks}
              onChange={onChange}
              onLoadError={(error) => {
                console.error("A saved block program could not be loaded", error);
                adoptNext.current = true; // showing the starting blocks is not a change to save
                workspace.current?.load(exercise.starting);
                setOpening((o) =>
                  o
                    ? {
                        ...o,
                        notice: null,
                        problem:
                          "Your saved program could not be opened: the block editor could not read it. The starting blocks are shown instead; your saved copy is kept until you change something here.",
                      }
                    : o,
                );
              }}
            />
          ) : (
            <p className="exercise-notice">
              {interactive
                ? "Loading the block editor…"
                : "The block editor needs JavaScript. If this message stays, JavaScript is turned off or blocked in this browser."}
            </p>
          )}
        </section>

        <section aria-labelledby="stage-heading">
          <h2 id="stage-heading">Stage</h2>
          {interactive ? (
            <Stage
              program={conversion.program}
              start={exercise.start}
              stepLimit={exercise.stepLimit}
              scene={exercise.scene}
              looseBlocks={conversion.looseBlocks}
              onHighlight={(id) => workspace.current?.highlight(id)}
            />
          ) : null}
        </section>
      </div>

      {interactive ? (
        <>
          <div className="exercise-actions">
            <Button type="button" onClick={check} disabled={!opening}>
              Check my program
            </Button>
            {confirmReset ? null : (
              <Button type="button" variant="link" onClick={() => setConfirmReset(true)}>
                Reset to starting blocks
              </Button>
            )}
          </div>
          {confirmReset ? (
            <ResetConfirmation
              question="Replace your program with the starting blocks? You can undo this in the editor with Ctrl+Z."
              confirmLabel="Yes, reset my program"
              onConfirm={reset}
              onCancel={() => setConfirmReset(false)}
            />
          ) : null}
          <div aria-live="polite">{report ? <CheckReport ref={reportHeading} report={report} /> : null}</div>
        </>
      ) : null}

      {interactive ? <ExerciseHints hintsHtml={exercise.hintsHtml} storageKey={hintsKey(moduleId, activityId)} /> : null}

      {interactive ? (
        <section aria-labelledby="scratch-heading">
          <h2 id="scratch-heading">Take it to Scratch</h2>
          <p>Download your program as a Scratch 3 project (.sb3) to carry on in Scratch or use it in class.</p>
          <Button type="button" variant="secondary" onClick={() => void downloadForScratch()} aria-describedby="download-status">
            Download for Scratch
          </Button>
          <div id="download-status" role="status">
            {download.state === "working" ? <p>Preparing the file…</p> : null}
            {download.state === "ready" ? <p>{download.message}</p> : null}
          </div>
          {download.state === "refused" ? (
            <Alert tone="error" title="Scratch cannot open this program:">
              <ul>
                {download.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Alert>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
