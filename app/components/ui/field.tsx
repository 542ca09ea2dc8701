import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

type Common = { label: ReactNode; hint?: ReactNode; className?: string };
type InputType = "text" | "email" | "password" | "search" | "number" | "url" | "hidden" | "date" | "time";

/** A field's error messages, announced as errors; nothing when there are none. `id` is what the control's aria-describedby names. */
export function FieldError({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <span className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {errors.join(". ")}
    </span>
  );
}

/** The errors of a list of rows (sessions, phases) as a whole, as a paragraph above the rows; nothing when there are none. */
export function ListError({ id, errors }: { id: string; errors: readonly string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {errors.join(". ")}
    </p>
  );
}

/** Label, hint, error and control, wired together with ids and aria-describedby. */
function FieldShell({
  id,
  meta,
  label,
  hint,
  className,
  children,
}: Common & { id: string; meta: FieldMetadata<unknown>; children: ReactNode }) {
  const errors = meta.errors ?? [];
  return (
    <div className={`field${errors.length ? " field--error" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldError id={meta.errorId} errors={errors} />
      {children}
    </div>
  );
}

function describedBy(meta: FieldMetadata<unknown>, id: string, hint: unknown) {
  const ids = [hint ? `${id}-hint` : null, meta.errors?.length ? meta.errorId : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function TextField({
  meta,
  type = "text",
  label,
  hint,
  className,
  ...rest
}: Common & { meta: FieldMetadata<string | number | undefined>; type?: InputType } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const props = getInputProps(meta as FieldMetadata<string>, { type, value: type !== "password" });
  return (
    <FieldShell id={meta.id} meta={meta as FieldMetadata<unknown>} label={label} hint={hint} className={className}>
      <input {...props} {...rest} key={props.key} aria-describedby={describedBy(meta as FieldMetadata<unknown>, meta.id, hint)} />
    </FieldShell>
  );
}

export function SelectField({
  meta,
  options,
  label,
  hint,
  className,
  placeholder = "Choose…",
  ...rest
}: Common & {
  meta: FieldMetadata<string | undefined>;
  options: Record<string, string>;
  placeholder?: string;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const props = getSelectProps(meta as FieldMetadata<string>);
  return (
    <FieldShell id={meta.id} meta={meta as FieldMetadata<unknown>} label={label} hint={hint} className={className}>
      <select {...props} {...rest} key={props.key} aria-describedby={describedBy(meta as FieldMetadata<unknown>, meta.id, hint)}>
        <option value="">{placeholder}</option>
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
  className,
  ...rest
}: Common & { meta: FieldMetadata<string | undefined> } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const props = getTextareaProps(meta as FieldMetadata<string>);
  return (
    <FieldShell id={meta.id} meta={meta as FieldMetadata<unknown>} label={label} hint={hint} className={className}>
      <textarea {...props} {...rest} key={props.key} aria-describedby={describedBy(meta as FieldMetadata<unknown>, meta.id, hint)} />
    </FieldShell>
  );
}

/** Checkboxes for a list field (Conform's meta), in a fieldset with its legend and errors. */
export function CheckboxGroupField({
  meta,
  legend,
  hint,
  options,
}: {
  meta: FieldMetadata<unknown>;
  legend: string;
  hint?: ReactNode;
  options: Record<string, string>;
}) {
  const initial = meta.initialValue;
  const chosen = new Set(Array.isArray(initial) ? initial.map(String) : typeof initial === "string" ? [initial] : []);
  const errors = meta.errors ?? [];
  return (
    <fieldset
      className={`field checkbox-group${errors.length ? " field--error" : ""}`}
      id={meta.id}
      aria-describedby={errors.length ? meta.errorId : undefined}
    >
      <legend>{legend}</legend>
      {hint ? <span className="hint">{hint}</span> : null}
      <FieldError id={meta.errorId} errors={errors} />
      {Object.entries(options).map(([value, label]) => (
        <div className="checkbox" key={value}>
          <input type="checkbox" id={`${meta.id}-${value}`} name={meta.name} value={value} defaultChecked={chosen.has(value)} />
          <label htmlFor={`${meta.id}-${value}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}
