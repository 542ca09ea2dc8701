import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ProgrammeForm } from "~/components/programmes/programme-form.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { activityChoices } from "~/modules/impact/choices.server.ts";
import { programmeFormAction } from "~/modules/programmes/programme-action.server.ts";
import { getProgramme } from "~/modules/programmes/programmes.server.ts";
import { invariantResponse } from "~/utils/errors.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.programme.name ?? "Programme"} – Pathways` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const [programme, activities] = await Promise.all([getProgramme(params.id ?? ""), activityChoices()]);
  invariantResponse(programme, "Programme not found", 404);
  return { programme, activities };
}

export function action({ request, params }: ActionFunctionArgs) {
  return programmeFormAction(request, params.id ?? "");
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
