import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { FieldError } from "~/components/ui/field.tsx";
import { ORGANISATION_TYPES, type OrganisationType } from "~/modules/auth/account-schema.ts";
import { requireRole } from "~/modules/auth/session.server.ts";
import {
  recentGiasImports,
  searchSchools,
  setOrganisationUrn,
  startGiasImport,
  unmatchedOrganisations,
} from "~/modules/schools/gias.server.ts";
import { formatDate } from "~/utils/dates.ts";
import { AppError } from "~/utils/errors.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Schools (GIAS) – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const q = new URL(request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  const [imports, unmatched, results] = await Promise.all([recentGiasImports(), unmatchedOrganisations(), searchSchools(q)]);
  return { imports, unmatched, results, q };
}

type Reply = { intent: string; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await readForm(request);
  const intent = form.get("intent");
  try {
    if (intent === "import") {
      const establishments = form.get("establishments");
      const links = form.get("links");
      if (!(establishments instanceof File) || establishments.size === 0)
        throw new AppError("bad-request", "Choose the establishments file (edubasealldata…csv) to upload.");
      const id = await startGiasImport({
        establishments: new Uint8Array(await establishments.arrayBuffer()),
        links: links instanceof File && links.size > 0 ? new Uint8Array(await links.arrayBuffer()) : null,
        userId: user.id,
      });
      throw redirect(`/admin/schools/imports/${id}`);
    }
    if (intent === "match") {
      const organisationId = String(form.get("organisationId") ?? "");
      const urnText = String(form.get("urn") ?? "").trim();
      if (!/^\d{5,7}$/.test(urnText)) throw new AppError("bad-request", "Give the school's URN: 5 to 7 digits, from the search above.");
      await setOrganisationUrn(organisationId, Number(urnText));
      throw redirect(`/admin/schools?matched=${encodeURIComponent(organisationId)}`);
    }
    throw new AppError("bad-request", "That request was not understood. Try again.");
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof AppError && error.status === 400)
      return data<Reply>({ intent: String(intent), error: error.message }, { status: 400 });
    if (error instanceof AppError) throw error.toResponse();
    throw error;
  }
}

export default function AdminSchools() {
  const { imports, unmatched, results, q } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="container page">
      <p>
        <Link to="/admin">Admin</Link>
      </p>
      <h1>Schools (GIAS)</h1>
      <p>
        Schools come from Get Information About Schools (GIAS). Matching an organisation to its school&apos;s URN makes it count once in the
        impact report, even after it becomes an academy (a new URN) or merges with another school.
      </p>
      {params.get("matched") ? (
        <Alert tone="success" title="Organisation matched.">
          <p>It now counts as its school in the impact report.</p>
        </Alert>
      ) : null}

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import the GIAS files</h2>
        <p>
          From GIAS&apos;s downloads, choose &ldquo;All establishment data&rdquo; and &ldquo;Links&rdquo; (CSV). Upload them as they are;
          the import runs in the background and its page shows the progress.
        </p>
        {reply?.intent === "import" ? (
          <Alert tone="error" title="The files were not imported">
            <p>{reply.error}</p>
          </Alert>
        ) : null}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="import" />
          <div className="field">
            <label htmlFor="gias-establishments">Establishments file</label>
            <span className="hint" id="gias-establishments-hint">
              edubasealldata… .csv (about 60 MB)
            </span>
            <input
              id="gias-establishments"
              type="file"
              name="establishments"
              accept=".csv,text/csv"
              aria-describedby="gias-establishments-hint"
            />
          </div>
          <div className="field">
            <label htmlFor="gias-links">Links file (optional)</label>
            <span className="hint" id="gias-links-hint">
              links_edubasealldata… .csv: predecessors and successors, so that a converted school counts once
            </span>
            <input id="gias-links" type="file" name="links" accept=".csv,text/csv" aria-describedby="gias-links-hint" />
          </div>
          <Button>Import</Button>
        </Form>
        {imports.length ? (
          <table>
            <caption>Recent imports</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Schools</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/admin/schools/imports/${i.id}`}>{formatDate(i.createdAt, "short")}</Link>
                  </th>
                  <td>{i.status}</td>
                  <td>
                    {i.processed} of {i.total}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section aria-labelledby="match-heading">
        <h2 id="match-heading">Match organisations to their schools</h2>
        <Form method="get" className="inline-fields">
          <div className="field">
            <label htmlFor="school-search">Find a school</label>
            <span className="hint" id="school-search-hint">
              Name, postcode, local authority or URN
            </span>
            <input id="school-search" type="search" name="q" defaultValue={q} aria-describedby="school-search-hint" />
          </div>
          <Button variant="secondary">Search</Button>
        </Form>
        {q ? (
          results.length ? (
            <table>
              <caption>Schools matching &ldquo;{q}&rdquo;</caption>
              <thead>
                <tr>
                  <th scope="col">URN</th>
                  <th scope="col">School</th>
                  <th scope="col">Phase</th>
                  <th scope="col">Local authority</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {results.map((s) => (
                  <tr key={s.urn}>
                    <th scope="row">{s.urn}</th>
                    <td>
                      {s.name}, {s.postcode}
                    </td>
                    <td>{s.phase}</td>
                    <td>{s.laName}</td>
                    <td>{s.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No school matches &ldquo;{q}&rdquo;.</p>
          )
        ) : null}
        {reply?.intent === "match" ? (
          <Alert tone="error" title="Not matched">
            <p>{reply.error}</p>
          </Alert>
        ) : null}
        {unmatched.length ? (
          <table>
            <caption>Organisations without a URN</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Type</th>
                <th scope="col">Its school&apos;s URN</th>
              </tr>
            </thead>
            <tbody>
              {unmatched.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>{ORGANISATION_TYPES[o.type as OrganisationType] ?? o.type}</td>
                  <td>
                    <Form method="post" className="inline-fields">
                      <input type="hidden" name="intent" value="match" />
                      <input type="hidden" name="organisationId" value={o.id} />
                      <div className="field">
                        <label htmlFor={`urn-${o.id}`}>
                          URN<span className="visually-hidden"> for {o.name}</span>
                        </label>
                        <FieldError id={`urn-${o.id}-error`} errors={undefined} />
                        <input id={`urn-${o.id}`} name="urn" inputMode="numeric" size={8} />
                      </div>
                      <Button variant="secondary">
                        Match<span className="visually-hidden"> {o.name}</span>
                      </Button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Every organisation is matched to a school.</p>
        )}
      </section>
    </div>
  );
}
