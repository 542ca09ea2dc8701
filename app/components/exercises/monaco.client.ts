/**
 * Monaco, as little of it as the exercises need: the editor core, everyday editing features, and
 * syntax highlighting for Python and JavaScript (Monarch tokenisers; no TypeScript language worker,
 * which alone is about 1.5 MB gzipped). Its one web worker is bundled by Vite and served from our
 * origin. Loaded only by dynamic import from code-editor.tsx, so no other page pays for it; the
 * `.client` suffix keeps it out of the server build.
 */
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/suggest/register";
import "monaco-editor/features/toggleTabFocusMode/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/wordOperations/register";
import "monaco-editor/languages/definitions/javascript/register";
import "monaco-editor/languages/definitions/python/register";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import type { CodeLanguage } from "~/modules/exercises/harness.ts";

(self as unknown as { MonacoEnvironment: { getWorker: () => Worker } }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

const LINE_HEIGHT = 22;
const MIN_HEIGHT = 12 * LINE_HEIGHT + 16;
const MAX_HEIGHT = 30 * LINE_HEIGHT + 16;

export type EditorHandle = {
  getValue: () => string;
  setValue: (value: string) => void;
  setReadOnly: (readOnly: boolean) => void;
  /** Marks the line an error points at (or clears the mark with null). */
  showError: (error: { line: number; message: string } | null) => void;
  goToLine: (line: number) => void;
  focus: () => void;
  dispose: () => void;
};

export function createEditor(
  container: HTMLElement,
  options: { value: string; language: CodeLanguage; ariaLabel: string; readOnly: boolean; onChange: (value: string) => void },
): EditorHandle {
  const editor = monaco.editor.create(container, {
    value: options.value,
    language: options.language,
    ariaLabel: options.ariaLabel,
    readOnly: options.readOnly,
    automaticLayout: true,
    fontSize: 15,
    lineHeight: LINE_HEIGHT,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    tabSize: 4,
    insertSpaces: true,
    detectIndentation: false,
    wordWrap: "on",
    renderLineHighlight: "line",
    fixedOverflowWidgets: true,
    accessibilitySupport: "auto",
    padding: { top: 8, bottom: 8 },
  });
  const model = editor.getModel()!;
  const subscription = editor.onDidChangeModelContent(() => options.onChange(editor.getValue()));
  // Grow with the code (12 to 30 lines high), so short programs need no scrolling.
  const fit = () => {
    const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, editor.getContentHeight()));
    if (container.style.height !== `${height}px`) container.style.height = `${height}px`;
  };
  const sizing = editor.onDidContentSizeChange(fit);
  fit();
  return {
    getValue: () => editor.getValue(),
    setValue: (value) => {
      // Through an edit, so Ctrl+Z can undo a reset.
      editor.executeEdits("pathways", [{ range: model.getFullModelRange(), text: value }]);
      editor.pushUndoStop();
    },
    setReadOnly: (readOnly) => editor.updateOptions({ readOnly }),
    showError: (error) =>
      monaco.editor.setModelMarkers(
        model,
        "pathways",
        error
          ? [
              {
                severity: monaco.MarkerSeverity.Error,
                message: error.message,
                startLineNumber: error.line,
                startColumn: 1,
                endLineNumber: error.line,
                endColumn: model.getLineMaxColumn(Math.min(error.line, model.getLineCount())),
              },
            ]
          : [],
      ),
    goToLine: (line) => {
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.revealLineInCenter(line);
      editor.focus();
    },
    focus: () => editor.focus(),
    dispose: () => {
      subscription.dispose();
      sizing.dispose();
      editor.dispose();
    },
  };
}
