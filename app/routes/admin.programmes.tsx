import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ProgrammeForm } from "~/components/programmes/programme-form.tsx";
import { Alert } from "~/components/ui/alert.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { activityChoices } from "~/modules/impact/choices.server.ts";
import { programmeFormAction } from "~/modules/programmes/programme-action.server.ts";
import { listProgrammes } from "~/modules/programmes/programmes.server.ts";

export const meta: MetaFunction = () => [{ title: "Programmes – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const [programmes, activities] = await Promise.all([listProgrammes(), activityChoices()]);
  return { programmes, activities };
}

export function action({ request }: ActionFunctionArgs) {
  return programmeFormAction(request, null);
}

export default function AdminProgrammes() {
  const { programmes, activities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="container page">
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Programmes</h1>
      <p>
        A programme is what a funder pays for: name it and choose its modules and live events, and the impact report can be narrowed to it.
        A module or event may belong to more than one programme.
      </p>
      {params.get("saved") ? (
        <Alert tone="success" title={`${params.get("saved")} saved.`}>
          <p>Choose it under Programme in the impact report.</p>
        </Alert>
      ) : null}
      {programmes.length ? (
        <table>
          <caption>Programmes</caption>
          <thead>
            <tr>
              <th scope="col">Programme</th>
              <th scope="col">Modules and live events</th>
            </tr>
          </thead>
          <tbody>
            {programmes.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/admin/programmes/${p.id}`}>{p.name}</Link>
                </th>
                <td className="numeric">{p._count.activities}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No programme yet.</p>
      )}
      <section aria-labelledby="new-programme">
        <h2 id="new-programme">Add a programme</h2>
        <ProgrammeForm id="new-programme-form" lastResult={actionData?.result} activities={activities} submitLabel="Add the programme" />
      </section>
    </div>
  );
}
