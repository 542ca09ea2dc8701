import {
  closestCenter,
  DndContext,
  MouseSensor,
  pointerWithin,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragMoveEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { SortableContext, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useEffect, useRef, useState, type ReactNode } from "react";
import {
  PARSONS_MAX_INDENT,
  placeParsonsBlock,
  type ParsonsDrop,
  type ParsonsPuzzle,
  type ParsonsState,
} from "~/modules/exercises/parsons.ts";

type Action = "up" | "down" | "indent" | "outdent" | "remove" | "restore";
type List = "used" | "unused";

const idOf = (block: number) => `block-${block}`;
const blockOf = (id: UniqueIdentifier) => Number(String(id).replace(/^block-/, ""));
const isList = (id: UniqueIdentifier): id is List => id === "used" || id === "unused";

/** Dragging is for a pointer only: the buttons are the keyboard's (and screen reader's) way, so dnd-kit announces nothing itself. */
const SILENT = { onDragStart: () => undefined, onDragOver: () => undefined, onDragEnd: () => undefined, onDragCancel: () => undefined };

/**
 * Where a dragged line would go: the line under the pointer; in the gap between two lines of a
 * list, the nearest line of that list (or the list itself when it is empty); outside every list,
 * the nearest line or list.
 */
const detectCollision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  const line = within.find((c) => !isList(c.id));
  if (line) return [line];
  const list = within.find((c) => isList(c.id));
  if (list) {
    const lines = args.droppableContainers.filter((c) => !isList(c.id) && c.data.current?.sortable?.containerId === list.id);
    return lines.length > 0 ? closestCenter({ ...args, droppableContainers: lines }) : [list];
  }
  return closestCenter(args);
};

/**
 * A Parsons problem. With a pointer, lines are dragged into order, to the right to indent them
 * (Python), and into or out of the list of lines left out (dnd-kit, docs/decisions/0034). With the
 * keyboard alone, every line has buttons to move it up or down, to indent or outdent it, and to
 * leave it out; left-out lines can be put back. Focus stays on the button just used, and each
 * move, by button or by drag, is announced.
 */
export function ParsonsBoard({
  puzzle,
  state,
  onChange,
  disabled,
}: {
  puzzle: ParsonsPuzzle;
  state: ParsonsState;
  onChange: (state: ParsonsState) => void;
  disabled: boolean;
}) {
  const [announcement, setAnnouncement] = useState("");
  /** While a line of the program is dragged sideways: the indentation it would get. */
  const [dragIndent, setDragIndent] = useState<{ block: number; indent: number } | null>(null);
  const focusNext = useRef<{ block: number; action: Action } | null>(null);
  const board = useRef<HTMLDivElement>(null);
  // A mouse drags at once (after a few pixels); a finger must rest on a line briefly, so swiping still scrolls the page.
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
  );

  useEffect(() => {
    const target = focusNext.current;
    if (!target || !board.current) return;
    focusNext.current = null;
    const row = board.current.querySelector<HTMLElement>(`[data-block="${target.block}"]`);
    const button =
      row?.querySelector<HTMLButtonElement>(`[data-action="${target.action}"]`) ?? row?.querySelector<HTMLButtonElement>("button");
    button?.focus();
  }, [state]);

  const text = (block: number) => puzzle.blocks[block] ?? "";
  const count = state.used.length;
  const levels = (indent: number) => `${indent} level${indent === 1 ? "" : "s"}`;

  function act(block: number, action: Action) {
    if (disabled) return;
    const used = [...state.used];
    const unused = [...state.unused];
    const index = used.findIndex((p) => p.block === block);
    const placement = used[index];
    let message = "";
    if (action === "up" || action === "down") {
      const to = action === "up" ? index - 1 : index + 1;
      if (!placement || to < 0 || to >= used.length) return;
      used.splice(index, 1);
      used.splice(to, 0, placement);
      message = `Moved “${text(block)}” to line ${to + 1} of ${used.length}.`;
    } else if (action === "indent" || action === "outdent") {
      if (!placement) return;
      const indent = placement.indent + (action === "indent" ? 1 : -1);
      if (indent < 0 || indent > PARSONS_MAX_INDENT) return;
      used[index] = { ...placement, indent };
      message = `“${text(block)}” is now indented ${levels(indent)}.`;
    } else if (action === "remove") {
      if (!placement) return;
      used.splice(index, 1);
      unused.push(block);
      message = `Left out “${text(block)}”. Your program now has ${used.length} line${used.length === 1 ? "" : "s"}.`;
    } else {
      const at = unused.indexOf(block);
      if (at < 0) return;
      unused.splice(at, 1);
      used.push({ block, indent: 0 });
      message = `Put back “${text(block)}” as line ${used.length} of ${used.length}.`;
    }
    // Keep focus on the button just used; a line that moved lists keeps its row's first button.
    focusNext.current = { block, action: action === "remove" ? "restore" : action === "restore" ? "up" : action };
    setAnnouncement(message);
    onChange({ used, unused });
  }

  /** How far a line must be dragged sideways to change its indentation by one level: the width of one level. */
  function levelWidth(): number {
    const code = board.current?.querySelector<HTMLElement>(".parsons__code");
    const size = code ? parseFloat(getComputedStyle(code).fontSize) : 15;
    return 2 * (Number.isFinite(size) ? size : 15);
  }

  const indentAfter = (block: number, dx: number) => {
    if (!puzzle.indentable) return 0;
    const start = state.used.find((p) => p.block === block)?.indent ?? 0;
    return Math.min(Math.max(start + Math.round(dx / levelWidth()), 0), PARSONS_MAX_INDENT);
  };

  function onDragMove({ active, over, delta }: DragMoveEvent) {
    const block = blockOf(active.id);
    const intoProgram = over && (over.id === "used" || state.used.some((p) => idOf(p.block) === over.id));
    const next = intoProgram && puzzle.indentable ? { block, indent: indentAfter(block, delta.x) } : null;
    setDragIndent((now) => (now?.block === next?.block && now?.indent === next?.indent ? now : next));
  }

  function onDragEnd({ active, over, delta }: DragEndEvent) {
    setDragIndent(null);
    if (disabled || !over) return;
    const block = blockOf(active.id);
    const from: List = state.used.some((p) => p.block === block) ? "used" : "unused";
    const ids = (list: List) => (list === "used" ? state.used.map((p) => idOf(p.block)) : state.unused.map(idOf));
    const to: List = isList(over.id) ? over.id : ids("used").includes(String(over.id)) ? "used" : "unused";
    let index: number;
    if (isList(over.id)) {
      index = ids(to).filter((id) => id !== active.id).length; // the end of the list
    } else {
      const overIndex = ids(to).indexOf(String(over.id));
      if (from === to) {
        index = overIndex; // as the line moved among the others while it was dragged
      } else {
        const moved = active.rect.current.translated;
        const below = moved ? moved.top + moved.height / 2 > over.rect.top + over.rect.height / 2 : false;
        index = overIndex + (below ? 1 : 0);
      }
    }
    const drop: ParsonsDrop = to === "used" ? { list: "used", index, indent: indentAfter(block, delta.x) } : { list: "unused", index };
    const next = placeParsonsBlock(state, block, drop, puzzle.indentable);
    const before = JSON.stringify(state);
    if (JSON.stringify(next) === before) return;
    const where = next.used.findIndex((p) => p.block === block);
    const placement = next.used[where];
    setAnnouncement(
      !placement
        ? `Left out “${text(block)}”. Your program now has ${next.used.length} line${next.used.length === 1 ? "" : "s"}.`
        : `${from === "unused" ? "Put back" : "Moved"} “${text(block)}” ${from === "unused" ? "as" : "to"} line ${where + 1} of ${next.used.length}${
            puzzle.indentable ? `, indented ${levels(placement.indent)}` : ""
          }.`,
    );
    onChange(next);
  }

  const button = (block: number, action: Action, label: string, hidden: string, enabled: boolean) => (
    <button
      type="button"
      className="button button--secondary button--small"
      data-action={action}
      aria-disabled={!enabled || disabled || undefined}
      onClick={() => enabled && act(block, action)}
    >
      {label}
      <span className="visually-hidden"> {hidden}</span>
    </button>
  );

  return (
    <div className="parsons" ref={board}>
      <h2 id="parsons-program">Your program</h2>
      <p className="hint">
        Put the lines in order{puzzle.indentable ? " and indent them" : ""}. Drag a line into place
        {puzzle.indentable ? " (drag it to the right to indent it)" : ""}, or use the buttons beside it; lines you leave out go to the list
        below.
      </p>
      <DndContext
        sensors={sensors}
        collisionDetection={detectCollision}
        onDragMove={onDragMove}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragIndent(null)}
        accessibility={{
          announcements: SILENT,
          screenReaderInstructions: { draggable: "Drag with a mouse or a finger, or use the buttons beside each line." },
        }}
      >
        <DropList list="used" items={state.used.map((p) => idOf(p.block))} disabled={disabled}>
          {count === 0 ? <p className="muted">Every line has been left out. Put some back from the list below.</p> : null}
          <ol className="parsons__lines" aria-labelledby="parsons-program">
            {state.used.map(({ block, indent }, index) => {
              const shown = dragIndent?.block === block ? dragIndent.indent : indent;
              return (
                <Line key={block} block={block} disabled={disabled} snapSideways={puzzle.indentable}>
                  <code className="parsons__code" style={{ paddingLeft: `${shown * 2}em` }}>
                    <span className="visually-hidden">{puzzle.indentable ? `Indented ${levels(indent)}: ` : ""}</span>
                    {text(block)}
                  </code>
                  <span className="parsons__buttons">
                    {button(block, "up", "Up", `line ${index + 1}: ${text(block)}`, index > 0)}
                    {button(block, "down", "Down", `line ${index + 1}: ${text(block)}`, index < count - 1)}
                    {puzzle.indentable ? button(block, "outdent", "Outdent", `line ${index + 1}: ${text(block)}`, indent > 0) : null}
                    {puzzle.indentable
                      ? button(block, "indent", "Indent", `line ${index + 1}: ${text(block)}`, indent < PARSONS_MAX_INDENT)
                      : null}
                    {button(block, "remove", "Leave out", `line ${index + 1}: ${text(block)}`, true)}
                  </span>
                </Line>
              );
            })}
          </ol>
        </DropList>
        <h3 id="parsons-unused">Lines left out</h3>
        <DropList list="unused" items={state.unused.map(idOf)} disabled={disabled}>
          {state.unused.length === 0 ? (
            <p className="muted">None. Not every line may be needed: leave out any that do not belong (drag them here).</p>
          ) : (
            <ul className="parsons__lines" aria-labelledby="parsons-unused">
              {state.unused.map((block) => (
                <Line key={block} block={block} disabled={disabled} snapSideways={false}>
                  <code className="parsons__code">{text(block)}</code>
                  <span className="parsons__buttons">{button(block, "restore", "Put back", text(block), true)}</span>
                </Line>
              ))}
            </ul>
          )}
        </DropList>
      </DndContext>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

/** A list lines can be dropped into, even when it is empty. */
function DropList({ list, items, disabled, children }: { list: List; items: string[]; disabled: boolean; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: list, disabled });
  return (
    <SortableContext id={list} items={items} strategy={verticalListSortingStrategy} disabled={disabled}>
      <div ref={setNodeRef} className={`parsons__drop${isOver ? " is-over" : ""}`} data-list={list}>
        {children}
      </div>
    </SortableContext>
  );
}

/**
 * One line, draggable with a pointer anywhere but on its buttons. Its dnd-kit attributes (a role
 * and a tab stop) are left off on purpose: the line's buttons are its keyboard controls. Where
 * lines are indented, a dragged line moves only up and down; its text snaps to the indentation a
 * sideways drag would give it.
 */
function Line({
  block,
  disabled,
  snapSideways,
  children,
}: {
  block: number;
  disabled: boolean;
  snapSideways: boolean;
  children: ReactNode;
}) {
  const sortable = useSortable({ id: idOf(block), disabled });
  const { setNodeRef, listeners, transition, isDragging } = sortable;
  const transform = sortable.transform && isDragging && snapSideways ? { ...sortable.transform, x: 0 } : sortable.transform;
  const fromButton = (event: { target: EventTarget }) => event.target instanceof Element && event.target.closest("button") !== null;
  return (
    <li
      ref={setNodeRef}
      data-block={block}
      className={`parsons__line${isDragging ? " is-dragging" : ""}${disabled ? "" : " is-draggable"}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      onMouseDown={(event) => {
        if (!fromButton(event)) listeners?.onMouseDown?.(event);
      }}
      onTouchStart={(event) => {
        if (!fromButton(event)) listeners?.onTouchStart?.(event);
      }}
    >
      {children}
    </li>
  );
}
