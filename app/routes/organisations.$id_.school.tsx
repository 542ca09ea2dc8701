import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { getLedOrganisationSchool, searchSchools, setLedOrganisationUrn } from "~/modules/schools/gias.server.ts";
import { AppError, invariantResponse } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Your school: ${data.organisation.name} – Pathways` : "Your school – Pathways" },
];

/** A leader matches their organisation to its school in GIAS (docs/decisions/0061). Anyone else: 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getLedOrganisationSchool(user.id, params.id ?? "");
  invariantResponse(found, "Organisation not found", 404);
  const q = new URL(request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  return { ...found, q, results: await searchSchools(q) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const organisationId = params.id ?? "";
  const form = await readForm(request);
  const urnText = String(form.get("urn") ?? "").trim();
  try {
    if (form.get("intent") === "clear") await setLedOrganisationUrn(user.id, organisationId, null);
    else {
      if (!/^\d{5,7}$/.test(urnText)) throw new AppError("bad-request", "Choose your school from the search results.");
      await setLedOrganisationUrn(user.id, organisationId, Number(urnText));
    }
  } catch (error) {
    if (error instanceof AppError && error.status === 400) return data({ error: error.message }, { status: 400 });
    if (error instanceof AppError) throw error.toResponse();
    throw error;
  }
  throw redirect(`/organisations/${encodeURIComponent(organisationId)}/school?saved=1`);
}

export default function OrganisationSchool() {
  const { organisation, school, q, results } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="container page">
      <p className="muted">
        <Link to={`/organisations/${organisation.id}`}>Staff CPD records: {organisation.name}</Link>
      </p>
      <h1>Your school: {organisation.name}</h1>
      <p>
        Choose your school as it is listed in Get Information About Schools. The programme then counts your school once in its reports to
        funders, even if it becomes an academy or merges.
      </p>
      {params.get("saved") ? <Alert tone="success" title="Saved." /> : null}
      {reply?.error ? (
        <Alert tone="error" title="Not saved">
          <p>{reply.error}</p>
        </Alert>
      ) : null}
      {school ? (
        <Form method="post">
          <p>
            Matched to <strong>{school.name}</strong>, {school.postcode} ({school.laName}), URN {school.urn}.
          </p>
          <input type="hidden" name="intent" value="clear" />
          <Button variant="secondary">This is not our school</Button>
        </Form>
      ) : (
        <p>Not matched to a school yet.</p>
      )}
      <Form method="get" className="inline-fields">
        <div className="field">
          <label htmlFor="school-search">Find your school</label>
          <span className="hint" id="school-search-hint">
            Its name, postcode or URN
          </span>
          <input id="school-search" type="search" name="q" defaultValue={q} aria-describedby="school-search-hint" />
        </div>
        <Button variant="secondary">Search</Button>
      </Form>
      {q && results.length === 0 ? <p>No school matches &ldquo;{q}&rdquo;. Try its postcode.</p> : null}
      {results.length ? (
        <Form method="post">
          <fieldset className="field">
            <legend>Schools matching &ldquo;{q}&rdquo;</legend>
            <ul className="choices">
              {results.map((s) => (
                <li key={s.urn}>
                  <input type="radio" id={`urn-${s.urn}`} name="urn" value={s.urn} defaultChecked={school?.urn === s.urn} />
                  <label htmlFor={`urn-${s.urn}`}>
                    {s.name}, {s.postcode} ({s.laName}, {s.phase.toLowerCase()}
                    {s.status === "Open" ? "" : `, ${s.status.toLowerCase()}`}) – URN {s.urn}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <Button>This is our school</Button>
        </Form>
      ) : null}
    </div>
  );
}
