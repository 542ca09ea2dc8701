import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField, FieldError } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { ImportZipSchema } from "~/modules/authoring/schemas.ts";

/**
 * "Import a module" on /author: a zip exported from here (or the courses/ folder), optionally under a
 * new id. Checked in the browser and on the server with ImportZipSchema; why an import was refused,
 * and each problem found in the zip, are listed in the error summary.
 */
export function ImportForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const [form, fields] = usePathwaysForm({
    id: "import",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ImportZipSchema }),
  });
  const zipErrors = fields.zip.errors ?? [];
  const zip = getInputProps(fields.zip, { type: "file" });
  return (
    <>
      <div id={form.errorId}>
        <ErrorSummary errors={summaryErrors(form, { zip: fields.zip, moduleId: fields.moduleId })} />
      </div>
      <Form method="post" encType="multipart/form-data" aria-labelledby="import-heading" {...getFormProps(form)}>
        <div className={`field${zipErrors.length ? " field--error" : ""}`}>
          <label htmlFor={fields.zip.id}>Zip file</label>
          <FieldError id={fields.zip.errorId} errors={zipErrors} />
          <input {...zip} key={zip.key} accept=".zip,application/zip" required />
        </div>
        <TextField
          meta={fields.moduleId}
          label="New module id (optional)"
          hint="To import a copy of a module that already exists, give it a new id."
        />
        <Button variant="secondary" disabled={navigation.state === "submitting"}>
          Import
        </Button>
      </Form>
    </>
  );
}
