import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ProgrammeForm } from "~/components/programmes/programme-form.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { activityChoices } from "~/modules/programmes/activity-choices.server.ts";
import { ProgrammeSchema } from "~/modules/programmes/programme.ts";
import { getProgramme, saveProgramme } from "~/modules/programmes/programmes.server.ts";
import { AppError, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.programme.name ?? "Programme"} – Pathways` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const [programme, activities] = await Promise.all([getProgramme(params.id ?? ""), activityChoices()]);
  invariantResponse(programme, "Programme not found", 404);
  return { programme, activities };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: ProgrammeSchema });
  if (submission.status !== "success") return data<{ result: SubmissionResult<string[]> }>({ result: submission.reply() }, { status: 400 });
  try {
    await saveProgramme(params.id ?? "", submission.value);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw error.toResponse();
    if (error instanceof AppError && error.status === 400)
      return data<{ result: SubmissionResult<string[]> }>(
        { result: submission.reply({ fieldErrors: { name: [error.message] } }) },
        { status: 400 },
      );
    throw error;
  }
  throw redirect(`/admin/programmes?saved=${encodeURIComponent(submission.value.name)}`);
}

export default function EditProgramme() {
  const { programme, activities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <p>
        <Link to="/admin/programmes">Programmes</Link>
      </p>
      <h1>{programme.name}</h1>
      <ProgrammeForm
        id="edit-programme-form"
        defaultValue={{ name: programme.name, description: programme.description, activities: programme.activities.map((a) => a.subject) }}
        lastResult={actionData?.result}
        activities={activities}
        submitLabel="Save the programme"
      />
    </div>
  );
}
