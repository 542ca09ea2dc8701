import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";

/**
 * Approve or return a draft. The form names the revision the reviewer saw: if the draft changed
 * since (withdrawn, edited, resubmitted), the server refuses the decision (ADR 0011 addendum).
 */
export function ReviewDecisionForm({
  draft,
  labelledBy,
  action,
}: {
  draft: { id: string; title: string; revision: number };
  labelledBy: string;
  action?: string;
}) {
  return (
    <Form method="post" action={action} aria-labelledby={labelledBy} className="stack">
      <input type="hidden" name="draftId" value={draft.id} />
      <input type="hidden" name="revision" value={draft.revision} />
      <div className="field">
        <label htmlFor={`comments-${draft.id}`}>Comments for the author</label>
        <span className="hint" id={`comments-hint-${draft.id}`}>
          Required when you return the module.
        </span>
        <textarea id={`comments-${draft.id}`} name="comments" rows={4} aria-describedby={`comments-hint-${draft.id}`} />
      </div>
      <div className="button-row">
        <Button name="decision" value="approved">
          Approve and publish<span className="visually-hidden"> {draft.title}</span>
        </Button>
        <Button variant="secondary" name="decision" value="returned">
          Return with comments<span className="visually-hidden"> {draft.title}</span>
        </Button>
      </div>
    </Form>
  );
}
