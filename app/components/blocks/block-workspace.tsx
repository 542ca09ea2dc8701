/**
 * The block editor: Blockly with the zelos (Scratch-like) renderer, loaded only when this
 * component mounts (a dynamic import, with a visible loading state), so no other page pays for it.
 * Media comes from our own origin (BLOCKLY_MEDIA_PATH); the locale is British English.
 *
 * Keyboard: Blockly 13's built-in keyboard navigation (no plugin needed). Tab reaches the toolbox,
 * the open category's blocks and the workspace; T opens the toolbox, the arrow keys choose a block,
 * Enter places it under the selected block, Enter again drops it. The help below lists the rest.
 *
 * `maxBlocks` counts the blocks a learner places, not the values typed into slots: Blockly's own
 * limit also counts the white value ovals, so its capacity check is narrowed on this workspace.
 */
import type * as BlocklyModule from "blockly/core";
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { Program } from "~/modules/blocks/program.ts";
import {
  buildToolbox,
  type Conversion,
  defineTheme,
  loadWorkspace,
  MAKE_VARIABLE,
  programToWorkspace,
  registerBlocks,
  saveWorkspace,
  type SavedWorkspace,
  type ToolboxOptions,
  workspaceToProgram,
  type WorkspaceState,
} from "./block-definitions.ts";
import { BLOCKLY_MEDIA_PATH } from "~/modules/blocks/blockly-media.ts";

type Blockly = typeof BlocklyModule;

export type BlockWorkspaceHandle = {
  /** Replaces the blocks with a program (an example, a starter) or a saved draft. */
  load(source: Program | SavedWorkspace): void;
  /** Highlights the block that is running (null clears it). */
  highlight(blockId: string | null): void;
  save(): SavedWorkspace | null;
};

type Props = {
  /** Names the editor for assistive technology, e.g. "Blocks for exercise 2". */
  label: string;
  toolbox?: ToolboxOptions;
  initial?: Program | SavedWorkspace;
  maxBlocks?: number;
  onChange?: (conversion: Conversion, saved: SavedWorkspace) => void;
  /**
   * Blockly could not load a saved draft (the workspace is left empty). Without this the error is
   * thrown; with it the caller can explain and offer something else (e.g. the starting blocks).
   */
  onLoadError?: (error: unknown) => void;
};

const SHADOW_TYPES = new Set(["math_number", "text"]);
/** The zoom the workspace opens at (and "Reset zoom" returns to). */
const START_SCALE = 0.8;
/** An editor at least this wide (in pixels) has room for Blockly's trashcan beside the blocks. */
const WIDE_EDITOR = 600;

function isSaved(source: Program | SavedWorkspace): source is SavedWorkspace {
  return "format" in source;
}

function countPlaced(workspace: BlocklyModule.WorkspaceSvg) {
  return workspace.getAllBlocks(false).filter((b) => !b.isShadow() && !b.isInsertionMarker()).length;
}

/** Blockly's capacity check, counting placed blocks only (see the file comment). */
function limitPlacedBlocks(workspace: BlocklyModule.WorkspaceSvg, maxBlocks: number) {
  workspace.remainingCapacity = () => maxBlocks - countPlaced(workspace);
  workspace.isCapacityAvailable = (typeCounts: Record<string, number>) => {
    const wanted = Object.entries(typeCounts).reduce((n, [type, count]) => n + (SHADOW_TYPES.has(type) ? 0 : count), 0);
    return wanted <= workspace.remainingCapacity();
  };
}

/**
 * Works around two ARIA faults in Blockly 13.3's flyout, found by axe (upstream issue
 * RaspberryPiFoundation/blockly#10202, open): each flyout block's `aria-owns` lists all its
 * connections, some of which never get an element (dangling IDREFs), and the connection outlines it
 * owns have role "figure", which a listbox may not contain. Connections in the flyout cannot be
 * focused (only whole blocks can), so they are hidden from assistive technology there. Remove this
 * once Blockly fixes it: the axe check in tests/e2e/blocks.spec.ts will say so.
 */
function repairFlyoutAria(root: HTMLElement): MutationObserver {
  const repair = () => {
    for (const flyout of root.querySelectorAll("svg.blocklyFlyout")) {
      for (const path of flyout.querySelectorAll(".blocklyHighlightedConnectionPath:not([aria-hidden])"))
        path.setAttribute("aria-hidden", "true");
      for (const owner of flyout.querySelectorAll("[aria-owns]")) {
        const owns = owner.getAttribute("aria-owns") ?? "";
        const kept = owns.split(/\s+/).filter((id) => id && !id.includes("_connection_") && document.getElementById(id));
        if (kept.join(" ") !== owns) {
          if (kept.length > 0) owner.setAttribute("aria-owns", kept.join(" "));
          else owner.removeAttribute("aria-owns");
        }
      }
    }
  };
  const observer = new MutationObserver(repair);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-owns", "role"] });
  repair();
  return observer;
}

/**
 * Blockly 13.3's text box for typing a value (its "widget" input) has no accessible name. Name it
 * after the field being edited ("Edit number"): the field has focus just before the text box opens.
 */
let lastFocusedField: Element | null = null;
function labelValueEditor(event: FocusEvent) {
  const target = event.target instanceof Element ? event.target : null;
  const field = target?.closest(".blocklyField");
  if (field) lastFocusedField = field;
  if (!(target instanceof HTMLInputElement) || !target.classList.contains("blocklyHtmlInput") || target.getAttribute("aria-label")) return;
  target.setAttribute("aria-label", lastFocusedField?.getAttribute("aria-label")?.replace(/:.*$/, "") || "Edit value");
}

export const BlockWorkspace = forwardRef<BlockWorkspaceHandle, Props>(function BlockWorkspace(
  { label, toolbox, initial, maxBlocks, onChange, onLoadError },
  ref,
) {
  const container = useRef<HTMLDivElement>(null);
  const blockly = useRef<Blockly | null>(null);
  const workspace = useRef<BlocklyModule.WorkspaceSvg | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onLoadErrorRef = useRef(onLoadError);
  onLoadErrorRef.current = onLoadError;
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [attempt, setAttempt] = useState(0);
  const [placed, setPlaced] = useState(0);
  // Read once, at injection: changing these later would need a new workspace.
  const setup = useRef({ toolbox, initial, maxBlocks });

  const report = useCallback(() => {
    const Blockly = blockly.current;
    const ws = workspace.current;
    if (!Blockly || !ws) return;
    setPlaced(countPlaced(ws));
    const saved = saveWorkspace(Blockly, ws);
    onChangeRef.current?.(workspaceToProgram(saved.workspace), saved);
  }, []);

  const load = useCallback(
    (source: Program | SavedWorkspace) => {
      const Blockly = blockly.current;
      const ws = workspace.current;
      if (!Blockly || !ws) return;
      const state: WorkspaceState = isSaved(source) ? source.workspace : programToWorkspace(source);
      let failed: { error: unknown } | null = null;
      Blockly.Events.disable();
      try {
        if (isSaved(source)) loadWorkspace(Blockly, ws, source);
        else Blockly.serialization.workspaces.load(state, ws);
      } catch (error) {
        if (!isSaved(source) || !onLoadErrorRef.current) throw error;
        failed = { error };
        ws.clear();
      } finally {
        Blockly.Events.enable();
      }
      if (failed) {
        onLoadErrorRef.current?.(failed.error);
        return;
      }
      ws.scrollCenter();
      report();
    },
    [report],
  );

  useImperativeHandle(
    ref,
    () => ({
      load,
      highlight(blockId) {
        const ws = workspace.current;
        if (!ws) return;
        ws.highlightBlock(null);
        if (blockId && ws.getBlockById(blockId)) ws.highlightBlock(blockId, true);
      },
      save() {
        return blockly.current && workspace.current ? saveWorkspace(blockly.current, workspace.current) : null;
      },
    }),
    [load],
  );

  useEffect(() => {
    let disposed = false;
    let resizeObserver: ResizeObserver | undefined;
    let ariaObserver: MutationObserver | undefined;
    setStatus("loading");
    (async () => {
      const [Blockly, english] = await Promise.all([import("blockly/core"), import("blockly/msg/en-gb")]);
      if (disposed || !container.current) return;
      Blockly.setLocale(english as unknown as Record<string, string>);
      registerBlocks(Blockly);
      const { toolbox: toolboxOptions, initial: start, maxBlocks: limit } = setup.current;
      const ws = Blockly.inject(container.current, {
        renderer: "zelos",
        theme: defineTheme(Blockly),
        toolbox: buildToolbox(toolboxOptions),
        media: BLOCKLY_MEDIA_PATH,
        sounds: false,
        // On a narrow editor (a phone) Blockly's trashcan would sit on top of the blocks: delete by
        // dragging a block back to the toolbox, or with the Delete key.
        trashcan: container.current.clientWidth >= WIDE_EDITOR,
        comments: false,
        disable: false,
        maxBlocks: limit,
        move: { scrollbars: true, drag: true, wheel: true },
        // Zoom buttons are ours, under the workspace (never on top of blocks, and keyboard-operable).
        zoom: { controls: false, wheel: false, startScale: START_SCALE, maxScale: 2, minScale: 0.4 },
      });
      blockly.current = Blockly;
      workspace.current = ws;
      if (limit !== undefined) limitPlacedBlocks(ws, limit);
      ws.registerButtonCallback(MAKE_VARIABLE, (button) => Blockly.Variables.createVariableButtonHandler(button.getTargetWorkspace()));
      if (start) load(start);
      ws.addChangeListener((event: BlocklyModule.Events.Abstract) => {
        if (!event.isUiEvent) report();
      });
      ariaObserver = repairFlyoutAria(container.current);
      document.addEventListener("focusin", labelValueEditor);
      resizeObserver = new ResizeObserver(() => Blockly.svgResize(ws));
      resizeObserver.observe(container.current);
      report();
      setStatus("ready");
      performance.mark("pathways:blocks-ready"); // read by bench/blocks.ts
    })().catch((error: unknown) => {
      console.error("The block editor could not load", error);
      if (!disposed) setStatus("error");
    });
    return () => {
      disposed = true;
      resizeObserver?.disconnect();
      ariaObserver?.disconnect();
      document.removeEventListener("focusin", labelValueEditor);
      workspace.current?.dispose();
      workspace.current = null;
    };
  }, [attempt, load, report]);

  const zoom = (how: "in" | "out" | "reset") => {
    const ws = workspace.current;
    if (!ws) return;
    if (how === "reset") {
      ws.setScale(START_SCALE);
      ws.scrollCenter();
    } else {
      ws.zoomCenter(how === "in" ? 1 : -1);
    }
  };

  return (
    <div className="blocks-editor">
      <div className="blocks-workspace" ref={container} aria-label={label} role="region" data-ready={status === "ready"} />
      {status === "ready" ? (
        <div className="blocks-zoom" role="group" aria-label="Zoom the blocks" data-testid="blocks-zoom">
          <button type="button" className="button button--secondary" onClick={() => zoom("in")}>
            <span aria-hidden="true">+ </span>Zoom in
          </button>
          <button type="button" className="button button--secondary" onClick={() => zoom("out")}>
            <span aria-hidden="true">− </span>Zoom out
          </button>
          <button type="button" className="button button--secondary" onClick={() => zoom("reset")}>
            Reset zoom
          </button>
        </div>
      ) : null}
      {status === "loading" ? (
        <p className="blocks-loading" role="status">
          Loading the block editor…
        </p>
      ) : null}
      {status === "error" ? (
        <div className="alert alert--error" role="alert">
          <p>The block editor could not load. Check your connection and try again.</p>
          <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}
      {status === "ready" && maxBlocks !== undefined ? (
        <p className="blocks-count" role="status">
          {placed >= maxBlocks
            ? `You have used all ${maxBlocks} blocks. Remove one to add another.`
            : `Blocks used: ${placed} of ${maxBlocks}.`}
        </p>
      ) : null}
      <details className="blocks-keyboard-help">
        <summary>Using the block editor with a keyboard</summary>
        <ul>
          <li>
            <kbd>Tab</kbd> moves from the categories to their blocks, then to your program. In your program, the arrow keys move from block
            to block and into the values in a block.
          </li>
          <li>
            To add a block: select the block it should go under, press <kbd>T</kbd> for the categories, use the arrow keys to choose a
            category and a block, and press <kbd>Enter</kbd>. The block is placed under the one you selected: press <kbd>Enter</kbd> to drop
            it there, or use the arrow keys to move it somewhere else first.
          </li>
          <li>
            On a value, <kbd>Enter</kbd> lets you type a new one (or opens a list). On a block, <kbd>M</kbd> moves it, <kbd>X</kbd> detaches
            it, <kbd>D</kbd> duplicates it and <kbd>Delete</kbd> removes it. <kbd>Escape</kbd> cancels a move.
          </li>
          <li>
            <kbd>W</kbd> goes back to your program, <kbd>I</kbd> reads out the selected block, <kbd>Shift</kbd> + <kbd>F10</kbd> opens its
            menu, and <kbd>Ctrl</kbd> + <kbd>Z</kbd> undoes.
          </li>
        </ul>
      </details>
    </div>
  );
});
