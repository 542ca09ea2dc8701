import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { CheckboxGroupField, TextareaField, TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ProgrammeSchema, type ProgrammeInput } from "~/modules/programmes/programme.ts";

/** A programme's name, description, modules and live events (docs/decisions/0065): to create one, or to change it. */
export function ProgrammeForm({
  id,
  defaultValue,
  lastResult,
  activities,
  submitLabel,
}: {
  id: string;
  defaultValue?: ProgrammeInput;
  lastResult?: SubmissionResult<string[]>;
  activities: Record<string, string>;
  submitLabel: string;
}) {
  const [form, fields] = usePathwaysForm({
    id,
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProgrammeSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <ErrorSummary errors={summaryErrors(form, { name: fields.name, description: fields.description, activities: fields.activities })} />
      <TextField meta={fields.name} label="Name" hint="As the funder knows it, for example: TechPathways London, 2026 to 2027" />
      <TextareaField meta={fields.description} label="Description (optional)" rows={2} />
      <CheckboxGroupField
        meta={fields.activities}
        legend="Its modules and live events"
        hint="The impact report narrowed to this programme counts only these."
        options={activities}
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
