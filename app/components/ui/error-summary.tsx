import { useEffect, useRef } from "react";

export type SummaryError = { href?: string; message: string };

/**
 * Lists what went wrong at the top of a form, each item linking to its field. Takes focus when it
 * appears so keyboard and screen-reader users land on it.
 */
export function ErrorSummary({ errors, title = "There is a problem" }: { errors: SummaryError[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors.map((e) => e.message).join("|");
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={i}>{e.href ? <a href={e.href}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}

type ConformForm = { errors?: string[]; allErrors: Record<string, string[]> };
type ConformFields = Record<string, { id: string; name: string }>;

/** Form-level errors first, then each field's first error in the order the fields are listed. */
export function summaryErrors(form: ConformForm, fields: ConformFields): SummaryError[] {
  const out: SummaryError[] = (form.errors ?? []).map((message) => ({ message }));
  for (const field of Object.values(fields)) {
    const first = form.allErrors[field.name]?.[0];
    if (first) out.push({ href: `#${field.id}`, message: first });
  }
  return out;
}
