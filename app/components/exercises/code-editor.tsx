import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { CodeLanguage } from "~/modules/exercises/harness.ts";
import type { EditorHandle } from "./monaco.client.ts";

export type CodeEditorApi = {
  getValue: () => string;
  setValue: (value: string) => void;
  showError: (error: { line: number; message: string } | null) => void;
  goToLine: (line: number) => void;
};

type Props = {
  id: string;
  language: CodeLanguage;
  initialValue: string;
  readOnly: boolean;
  label: string;
  describedBy?: string;
  onChange: (value: string) => void;
};

const LANGUAGE_NAMES: Record<CodeLanguage, string> = { python: "Python", javascript: "JavaScript" };

/**
 * The code editor: a plain <textarea> first (what the server renders, what people without
 * JavaScript get, and what is used if Monaco cannot load), replaced by Monaco once it has been
 * loaded lazily. Whatever was typed in the textarea meanwhile is carried over.
 */
export const CodeEditor = forwardRef<CodeEditorApi, Props>(function CodeEditor(
  { id, language, initialValue, readOnly, label, describedBy, onChange },
  ref,
) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const monaco = useRef<EditorHandle | null>(null);
  const escaped = useRef(false);
  const [state, setState] = useState<"server" | "loading" | "ready" | "failed">("server");
  const latest = useRef({ onChange, readOnly });
  latest.current = { onChange, readOnly };

  useEffect(() => {
    let cancelled = false;
    setState("loading");
    import("./monaco.client.ts")
      .then(({ createEditor }) => {
        if (cancelled || !container.current) return;
        monaco.current = createEditor(container.current, {
          value: textarea.current?.value ?? initialValue,
          language,
          ariaLabel: `${label} (${LANGUAGE_NAMES[language]} code editor)`,
          readOnly: latest.current.readOnly,
          onChange: (value) => latest.current.onChange(value),
        });
        setState("ready");
      })
      .catch(() => !cancelled && setState("failed"));
    return () => {
      cancelled = true;
      monaco.current?.dispose();
      monaco.current = null;
    };
    // Created once; later changes go through the handle.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => monaco.current?.setReadOnly(readOnly), [readOnly, state]);

  useImperativeHandle(ref, () => ({
    getValue: () => monaco.current?.getValue() ?? textarea.current?.value ?? initialValue,
    setValue: (value) => {
      if (monaco.current) monaco.current.setValue(value);
      else if (textarea.current) {
        textarea.current.value = value;
        latest.current.onChange(value);
      }
    },
    showError: (error) => monaco.current?.showError(error),
    goToLine: (line) => {
      if (monaco.current) return monaco.current.goToLine(line);
      const area = textarea.current;
      if (!area) return;
      const lines = area.value.split("\n");
      const offset = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
      area.focus();
      area.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
    },
  }));

  const ready = state === "ready";
  const lines = initialValue.split("\n").length;
  return (
    <div className="code-editor">
      <label htmlFor={id}>{label}</label>
      <textarea
        ref={textarea}
        id={id}
        name="code"
        className="code-editor__plain"
        defaultValue={initialValue}
        readOnly={readOnly}
        hidden={ready}
        rows={Math.min(Math.max(lines + 2, 8), 24)}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          // Tab indents in the plain box too; Esc then Tab leaves it.
          if (e.key !== "Tab" || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || readOnly || escaped.current) return;
          e.preventDefault();
          e.currentTarget.setRangeText("    ", e.currentTarget.selectionStart, e.currentTarget.selectionEnd, "end");
          onChange(e.currentTarget.value);
        }}
        onKeyUp={(e) => {
          escaped.current = e.key === "Escape";
        }}
      />
      <div
        ref={container}
        className="code-editor__monaco"
        hidden={!ready}
        style={{ height: `${12 * 22 + 16}px` }}
        data-testid="monaco-editor"
      />
      {state === "loading" ? (
        <p className="hint" role="status">
          Loading the code editor… You can start typing in the box above.
        </p>
      ) : state === "failed" ? (
        <p className="hint" role="status">
          The full code editor could not be loaded, so this is a plain text box. Everything else works.
        </p>
      ) : null}
      {ready ? (
        <p className="hint" id={`${id}-keys`}>
          In the editor, Tab indents. To move on with the keyboard, press <kbd>Ctrl</kbd>+<kbd>M</kbd> (on a Mac <kbd>Ctrl</kbd>+
          <kbd>Shift</kbd>+<kbd>M</kbd>) so that Tab moves focus instead, then Tab; press it again to switch back.
        </p>
      ) : state !== "server" ? (
        <p className="hint">In this box, Tab indents. To move on with the keyboard, press Esc, then Tab.</p>
      ) : null}
    </div>
  );
});
