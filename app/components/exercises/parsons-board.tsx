import { useEffect, useRef, useState } from "react";
import { PARSONS_MAX_INDENT, type ParsonsPuzzle, type ParsonsState } from "~/modules/exercises/parsons.ts";

type Action = "up" | "down" | "indent" | "outdent" | "remove" | "restore";

/**
 * A Parsons problem, operable with the keyboard alone: every line has buttons to move it up or
 * down, to indent or outdent it (Python), and to leave it out; left-out lines can be put back.
 * Focus stays on the button just used, and each move is announced.
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
  const focusNext = useRef<{ block: number; action: Action } | null>(null);
  const board = useRef<HTMLDivElement>(null);

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
      message = `“${text(block)}” is now indented ${indent} level${indent === 1 ? "" : "s"}.`;
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
        Put the lines in order{puzzle.indentable ? " and indent them" : ""}. Use the buttons beside each line; lines you leave out go to the
        list below.
      </p>
      {count === 0 ? <p className="muted">Every line has been left out. Put some back from the list below.</p> : null}
      <ol className="parsons__lines" aria-labelledby="parsons-program">
        {state.used.map(({ block, indent }, index) => (
          <li key={block} data-block={block} className="parsons__line">
            <code className="parsons__code" style={{ paddingLeft: `${indent * 2}em` }}>
              <span className="visually-hidden">{puzzle.indentable ? `Indented ${indent} level${indent === 1 ? "" : "s"}: ` : ""}</span>
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
          </li>
        ))}
      </ol>
      <h3 id="parsons-unused">Lines left out</h3>
      {state.unused.length === 0 ? (
        <p className="muted">None. Not every line may be needed: leave out any that do not belong.</p>
      ) : (
        <ul className="parsons__lines" aria-labelledby="parsons-unused">
          {state.unused.map((block) => (
            <li key={block} data-block={block} className="parsons__line">
              <code className="parsons__code">{text(block)}</code>
              <span className="parsons__buttons">{button(block, "restore", "Put back", text(block), true)}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
