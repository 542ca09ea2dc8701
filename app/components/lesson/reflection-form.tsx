/**
 * The reflection activity's form: the prompt, the learner's saved text and a draft kept on this
 * device until it is saved. Its own file so the lesson route reads in one screen.
 */
import { Form } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { REFLECTION_MAX_LENGTH } from "~/modules/progress/progress.ts";
import { formatDate } from "~/utils/dates.ts";
import { Button } from "../ui/button.tsx";

/** Where a reflection typed on this device and not yet saved is kept (cleared once the queue saves it). */
export const reflectionDraftKey = (moduleId: string, activityId: string) => `pathways.reflection-draft.${moduleId}.${activityId}`;

export function ReflectionForm({
  moduleId,
  activityId,
  prompt,
  saved,
  clientId,
  onSubmit,
}: {
  moduleId: string;
  activityId: string;
  prompt: string;
  saved: { text: string; updatedAt: string | Date } | null;
  clientId: string;
  onSubmit?: (event: React.FormEvent<HTMLFormElement>) => void;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [restored, setRestored] = useState(false);
  // A draft typed on this device and not yet saved survives a reload or a closed tab.
  useEffect(() => {
    const raw = localStorage.getItem(reflectionDraftKey(moduleId, activityId));
    if (!raw || !ref.current) return;
    const draft = JSON.parse(raw) as { text: string; at: number };
    const savedAt = saved ? new Date(saved.updatedAt).getTime() : 0;
    if (draft.text !== (saved?.text ?? "") && draft.at > savedAt) {
      ref.current.value = draft.text;
      setRestored(true);
    }
  }, [moduleId, activityId, saved]);
  return (
    <Form method="post" onSubmit={onSubmit} className="reflection">
      <input type="hidden" name="intent" value="reflection" />
      <input type="hidden" name="clientId" value={clientId} />
      <div className="field">
        <label htmlFor="reflection-text">{prompt}</label>
        <span className="hint" id="reflection-hint">
          Only you can see your journal. You can edit this later and export your whole journal from My learning.
        </span>
        {restored ? (
          <p className="hint" role="status">
            We restored the draft you had not saved yet.
          </p>
        ) : null}
        <textarea
          ref={ref}
          id="reflection-text"
          name="text"
          rows={8}
          maxLength={REFLECTION_MAX_LENGTH}
          defaultValue={saved?.text ?? ""}
          aria-describedby="reflection-hint"
          onChange={(e) =>
            localStorage.setItem(reflectionDraftKey(moduleId, activityId), JSON.stringify({ text: e.target.value, at: Date.now() }))
          }
        />
      </div>
      {saved ? <p className="muted">Saved to your journal on {formatDate(saved.updatedAt, "dateTime")}.</p> : null}
      <Button>Save to my journal</Button>
    </Form>
  );
}
