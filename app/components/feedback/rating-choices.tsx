import type { FieldMetadata } from "@conform-to/react";
import { FieldError } from "~/components/ui/field.tsx";
import { RATING_LABELS, RATING_MAX } from "~/modules/feedback/rating.ts";

/**
 * "How would you rate …?": the 1–6 radio group (fieldset and legend, labelled choices) shared by
 * module ratings and live-event feedback, so both ask in the same words. `chosen` is the score to
 * start from ("1"–"6").
 */
export function RatingChoices({ meta, what, chosen }: { meta: FieldMetadata<unknown>; what: string; chosen: unknown }) {
  const errors = meta.errors ?? [];
  return (
    <fieldset className={`field${errors.length ? " field--error" : ""}`} aria-describedby={errors.length ? meta.errorId : undefined}>
      <legend>
        How would you rate {what}? <span className="muted">(1 is very poor, {RATING_MAX} is excellent)</span>
      </legend>
      <FieldError id={meta.errorId} errors={errors} />
      <ul className="choices rating-choices">
        {Array.from({ length: RATING_MAX }, (_, i) => i + 1).map((n) => (
          <li key={`${n}-${chosen ?? ""}`}>
            <input id={`${meta.id}-${n}`} type="radio" name={meta.name} value={n} defaultChecked={chosen === String(n)} />
            <label htmlFor={`${meta.id}-${n}`}>
              {n} – {RATING_LABELS[n]}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
