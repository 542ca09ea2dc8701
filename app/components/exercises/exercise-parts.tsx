import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/button.tsx";

/**
 * Pieces every exercise in the lesson player shares (code, Parsons and block exercises): the
 * device's copy of small state, the hints revealed one at a time, and the reset confirmation.
 */

/** Reads a JSON value kept on this device; null when absent, unreadable or storage is blocked. */
export function readLocal<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/** Keeps a JSON value on this device; a full or blocked storage is ignored (the server copy still goes through the queue). */
export function writeLocal(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked.
  }
}

/** Hints shown one at a time; how many were shown is remembered on this device under `storageKey`. */
export function ExerciseHints({ hintsHtml, storageKey }: { hintsHtml: string[]; storageKey: string }) {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    setShown(Math.min(readLocal<number>(storageKey) ?? 0, hintsHtml.length));
  }, [storageKey, hintsHtml.length]);

  if (hintsHtml.length === 0) return null;
  return (
    <section className="exercise-hints" aria-labelledby="hints-heading">
      <h2 id="hints-heading">Hints</h2>
      {shown > 0 ? (
        <ol>
          {hintsHtml.slice(0, shown).map((html, i) => (
            <li key={i} className="prose" dangerouslySetInnerHTML={{ __html: html }} />
          ))}
        </ol>
      ) : (
        <p className="muted">Stuck? Hints appear one at a time.</p>
      )}
      {shown < hintsHtml.length ? (
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            const next = shown + 1;
            setShown(next);
            writeLocal(storageKey, next);
          }}
        >
          {shown === 0 ? "Show a hint" : "Show another hint"} ({shown + 1} of {hintsHtml.length})
        </Button>
      ) : null}
    </section>
  );
}

/** "Are you sure?" before replacing the learner's work; the question takes focus when it appears. */
export function ResetConfirmation({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => questionRef.current?.focus(), []);
  return (
    <div className="exercise-confirm">
      <p ref={questionRef} tabIndex={-1}>
        {question}
      </p>
      <Button type="button" variant="danger" onClick={onConfirm}>
        {confirmLabel}
      </Button>{" "}
      <Button type="button" variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
