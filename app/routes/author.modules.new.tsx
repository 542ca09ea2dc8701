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
import { createDraft, suggestModuleId } from "~/modules/authoring/drafts.server.ts";
import { formErrorReply } from "~/utils/errors.ts";
import { NewModuleSchema, toModuleDetails } from "~/modules/authoring/schemas.ts";
import { suggestId } from "~/modules/catalog/course-format.ts";
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
  // Left blank, the id is made from the title (and kept free of clashes); typed, it is checked as typed.
  const moduleId = submission.value.moduleId || (await suggestModuleId(submission.value.title));
  let created;
  try {
    created = await createDraft(user, { moduleId, details: toModuleDetails(submission.value) });
  } catch (error) {
    const { reply, status } = formErrorReply(error);
    return data({ result: submission.reply({ fieldErrors: { moduleId: [reply.error] } }) }, { status });
  }
  throw redirect(`/author/modules/${created.moduleId}`);
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
          title: fields.title,
          moduleId: fields.moduleId,
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
        <ModuleDetailsFields
          fields={fields}
          onTitleInput={(title) => {
            // With JavaScript, the id follows the title until the author types one of their own.
            const id = document.getElementById(fields.moduleId.id);
            if (id instanceof HTMLInputElement && id.dataset.edited !== "true") id.value = title.trim() ? suggestId(title) : "";
          }}
          afterTitle={
            <TextField
              meta={fields.moduleId}
              label="Module id (optional)"
              hint="Made from the title if you leave it blank; you can change it now, but not later (links and learners' progress use it). Lower-case words joined by hyphens, e.g. questioning-in-class."
              onInput={(event) => {
                event.currentTarget.dataset.edited = event.currentTarget.value ? "true" : "false";
              }}
            />
          }
        />
        <Button>Create the module</Button>
      </Form>
    </div>
  );
}
