import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { getGiasImport } from "~/modules/schools/gias.server.ts";
import { GiasImportStatus } from "~/modules/schools/import-status.ts";
import { invariantResponse } from "~/utils/errors.ts";

/** While an import runs, the page reloads itself every 2 seconds (no JavaScript needed). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Importing schools – Pathways" },
  ...(data && (data.status === GiasImportStatus.pending || data.status === GiasImportStatus.running)
    ? [{ httpEquiv: "refresh", content: "2" }]
    : []),
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const run = await getGiasImport(params.id ?? "");
  invariantResponse(run, "There is no such import.", 404);
  return run;
}

export default function GiasImportPage() {
  const run = useLoaderData<typeof loader>();
  const percent = run.total ? Math.round((run.processed / run.total) * 100) : 0;
  return (
    <div className="container page">
      <p>
        <Link to="/admin/schools">Schools (GIAS)</Link>
      </p>
      <h1>Importing schools</h1>
      {run.status === GiasImportStatus.failed ? (
        <Alert tone="error" title="The import stopped">
          <p>{run.message}</p>
        </Alert>
      ) : run.status === GiasImportStatus.done ? (
        <Alert tone="success" title="Import finished.">
          <p>
            {run.processed} schools and {run.links} links. {run.message ?? ""}
          </p>
        </Alert>
      ) : null}
      <div className="field">
        <label htmlFor="gias-progress">
          {run.status === GiasImportStatus.pending ? "Waiting to start" : `${run.processed} of ${run.total} schools`}
        </label>
        <progress id="gias-progress" max={run.total || 1} value={run.processed}>
          {percent}%
        </progress>
      </div>
      {run.status === GiasImportStatus.pending || run.status === GiasImportStatus.running ? (
        <p role="status">This page updates itself every 2 seconds. You can leave it: the import carries on.</p>
      ) : null}
    </div>
  );
}
