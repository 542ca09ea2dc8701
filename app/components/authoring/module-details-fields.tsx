import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { CheckboxGroupField, TextareaField, TextField } from "~/components/ui/field.tsx";
import { KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import { AUDIENCE_LABELS } from "~/modules/catalog/labels.ts";
import type { ModuleDetails } from "~/modules/authoring/draft-content.ts";
import { SUMMARY_LENGTH } from "~/modules/authoring/schemas.ts";

type Meta = FieldMetadata<unknown>;

export type DetailsFieldset = {
  title: Meta;
  summary: Meta;
  description: Meta;
  outcomes: Meta;
  audience: Meta;
  keyStages: Meta;
  topics: Meta;
  cpdHours: Meta;
  prerequisites: Meta;
  availableFrom: Meta;
  availableUntil: Meta;
  versionNotes: Meta;
};

/** The module.yaml fields an author edits in a form (the rest of the format is kept as it is). */
export function ModuleDetailsFields({
  fields,
  afterTitle,
  onTitleInput,
  maxCpdHours,
}: {
  fields: DetailsFieldset;
  /** A field shown right after the title (the new module's id). */
  afterTitle?: ReactNode;
  onTitleInput?: (title: string) => void;
  /** The most CPD hours the activities allow (schemas.ts maxCpdHours); null before there are activities. */
  maxCpdHours?: number | null;
}) {
  const f = fields as unknown as Record<keyof DetailsFieldset, FieldMetadata<string | undefined>>;
  return (
    <>
      <TextField meta={f.title} label="Title" onInput={onTitleInput ? (event) => onTitleInput(event.currentTarget.value) : undefined} />
      {afterTitle}
      <TextareaField
        meta={f.summary}
        label="Summary"
        hint={`One or two sentences for the catalogue (${SUMMARY_LENGTH.min} to ${SUMMARY_LENGTH.max} characters).`}
        rows={3}
      />
      <TextareaField meta={f.description} label="Description (optional, Markdown)" rows={6} />
      <TextareaField meta={f.outcomes} label="Learning outcomes" hint="One per line." rows={4} />
      <CheckboxGroupField meta={fields.audience} legend="Audience" options={AUDIENCE_LABELS} />
      <CheckboxGroupField meta={fields.keyStages} legend="Key stages" options={Object.fromEntries(KEY_STAGES.map((k) => [k, k]))} />
      <TextField meta={f.topics} label="Topics" hint="Lower-case words with hyphens, separated by commas, e.g. questioning, assessment." />
      <TextField
        meta={f.cpdHours}
        type="number"
        label="CPD hours"
        hint={`Whole or half hours, e.g. 1 or 1.5${maxCpdHours ? `; at most ${maxCpdHours} for the activities the module has now` : ""}.`}
        step="0.5"
        min="0.5"
      />
      <TextareaField meta={f.prerequisites} label="Prerequisites (optional)" hint="One per line." rows={2} />
      <div className="inline-fields">
        <TextField meta={f.availableFrom} label="Available from (optional)" hint="YYYY-MM-DD" />
        <TextField meta={f.availableUntil} label="Available until (optional)" hint="YYYY-MM-DD" />
      </div>
      <TextareaField meta={f.versionNotes} label="What changed in this version (optional)" rows={2} />
    </>
  );
}

/** The form's starting values for a module's details. */
export function detailsDefaults(d: ModuleDetails) {
  return {
    title: d.title,
    summary: d.summary,
    description: d.description ?? "",
    outcomes: d.outcomes.join("\n"),
    audience: d.audience,
    keyStages: d.keyStages,
    topics: d.topics.join(", "),
    cpdHours: String(d.cpdHours),
    prerequisites: d.prerequisites.join("\n"),
    availableFrom: d.availableFrom ?? "",
    availableUntil: d.availableUntil ?? "",
    versionNotes: d.versionNotes ?? "",
  };
}
