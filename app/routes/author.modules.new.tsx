import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { ModuleDetailsFields } from "~/components/authoring/module-details-fields.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary, summaryErrors } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { usePathwaysForm } from "~/components/ui/use-pathways-form.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import { createDraft } from "~/modules/authoring/drafts.server.ts";
import { orErrorResponse } from "~/modules/authoring/route-helpers.server.ts";
import { NewModuleSchema, toModuleDetails } from "~/modules/authoring/schemas.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Create a module – Authoring – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "author", "admin");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "author", "admin");
  const submission = parseWithZod(await readForm(request), { schema: NewModuleSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const created = await orErrorResponse(
    createDraft(user, { moduleId: submission.value.moduleId, details: toModuleDetails(submission.value) }),
  );
  if (!created.ok) return data({ result: submission.reply({ fieldErrors: { moduleId: [created.message] } }) }, { status: 400 });
  throw redirect(`/author/modules/${created.draftId}`);
}

export default function NewModule() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = usePathwaysForm({
    lastResult: actionData?.result,
    defaultValue: { cpdHours: "1" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewModuleSchema }),
  });
  return (
    <div className="container page narrow">
      <p>
        <Link to="/author">Authoring</Link>
      </p>
      <h1>Create a module</h1>
      <ErrorSummary
        errors={summaryErrors(form, {
          moduleId: fields.moduleId,
          title: fields.title,
          summary: fields.summary,
          description: fields.description,
          outcomes: fields.outcomes,
          audience: fields.audience,
          keyStages: fields.keyStages,
          topics: fields.topics,
          cpdHours: fields.cpdHours,
          prerequisites: fields.prerequisites,
          availableFrom: fields.availableFrom,
          availableUntil: fields.availableUntil,
          versionNotes: fields.versionNotes,
        })}
      />
      <Form method="post" {...getFormProps(form)} noValidate>
        <TextField
          meta={fields.moduleId}
          label="Module id"
          hint="A permanent id for links and progress: lower-case words joined by hyphens, e.g. questioning-in-class. It cannot change later."
        />
        <ModuleDetailsFields fields={fields} />
        <Button>Create the module</Button>
      </Form>
    </div>
  );
}
