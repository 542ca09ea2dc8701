import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/button.tsx";

/**
 * A link to share, in a read-only field (selectable and copyable by hand without JavaScript), with
 * a "Copy link" button once the page is interactive. The outcome is announced politely; where the
 * browser refuses the clipboard, the text is selected so Ctrl+C (or a long press) copies it.
 */
export function CopyLinkField({ id, label, value }: { id: string; label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [interactive, setInteractive] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => setInteractive(true), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setMessage("Link copied.");
    } catch {
      input.current?.select();
      setMessage("Your browser did not let us copy it: the link is selected, so press Ctrl+C (or Cmd+C) to copy it.");
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="inline-fields">
        <input ref={input} id={id} type="text" readOnly value={value} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        {interactive ? (
          <Button type="button" variant="secondary" onClick={() => void copy()}>
            Copy link
          </Button>
        ) : null}
      </div>
      <p role="status" className="muted">
        {message}
      </p>
    </div>
  );
}
