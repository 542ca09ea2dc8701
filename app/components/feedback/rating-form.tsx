import { FieldError } from "~/components/ui/field.tsx";
import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { RATING_COMMENT_MAX_LENGTH, RatingSchema } from "~/modules/feedback/rating.ts";
import { RatingChoices } from "./rating-choices.tsx";

type Props = {
  moduleId: string;
  moduleTitle: string;
  current: { score: number; comment: string } | null;
  lastResult?: SubmissionResult<string[]> | null;
};

/**
 * "Rate this module": a radio group 1–6 (fieldset and legend) and an optional plain-text comment.
 * A plain POST to /courses/:moduleId/rate, so it works without JavaScript; Conform + zod validate
 * with the same schema as the server.
 */
export function RatingForm({ moduleId, moduleTitle, current, lastResult }: Props) {
  const [form, fields] = usePathwaysForm({
    id: `rating-${moduleId}`,
    lastResult,
    defaultValue: current ? { score: String(current.score), comment: current.comment } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RatingSchema }),
  });
  const errors = summaryErrors(form, { score: { id: `${fields.score.id}-1`, name: fields.score.name }, comment: fields.comment });
  const commentErrors = fields.comment.errors ?? [];
  const chosen = fields.score.initialValue ?? (current ? String(current.score) : undefined);
  const hintId = `${fields.comment.id}-hint`;
  return (
    <Form method="post" action={`/courses/${encodeURIComponent(moduleId)}/rate`} {...getFormProps(form)} className="rating-form">
      <ErrorSummary errors={errors} />
      <RatingChoices meta={fields.score} what={moduleTitle} chosen={chosen} />
      <div className={`field${commentErrors.length ? " field--error" : ""}`}>
        <label htmlFor={fields.comment.id}>Comment (optional)</label>
        <span className="hint" id={hintId}>
          What worked, and what would make it better? At most {RATING_COMMENT_MAX_LENGTH} characters. Your rating and comment are shown to
          the module&apos;s authors without your name.
        </span>
        <FieldError id={fields.comment.errorId} errors={commentErrors} />
        <textarea
          {...getTextareaProps(fields.comment)}
          key={fields.comment.key}
          rows={4}
          aria-describedby={[hintId, commentErrors.length ? fields.comment.errorId : null].filter(Boolean).join(" ")}
        />
      </div>
      <Button variant="secondary">{current ? "Update your rating" : "Send your rating"}</Button>
    </Form>
  );
}
