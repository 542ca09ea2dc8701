import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RecentFeedback } from "~/components/feedback/rating-summary.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { listFileModuleRatings } from "~/modules/feedback/ratings.server.ts";

export const meta: MetaFunction = () => [{ title: "Administration – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  // Modules kept in courses/ have no author in the database: administrators see their feedback here.
  return { fileModuleRatings: await listFileModuleRatings() };
}

export default function AdminHome() {
  const { fileModuleRatings } = useLoaderData<typeof loader>();
  return (
    <div className="container page narrow">
      <h1>Administration</h1>
      <ul>
        <li>
          <Link to="/author/reviews">Review queue: modules waiting for a decision</Link>
        </li>
        <li>
          <Link to="/admin/users">Users and roles</Link>
        </li>
        <li>
          <Link to="/admin/certificates">Certificates: search and revoke</Link>
        </li>
        <li>
          <Link to="/admin/completions">Completions to check (certificates held because a module was completed implausibly fast)</Link>
        </li>
        <li>
          <Link to="/admin/organisations">Organisations and their staff</Link>
        </li>
        <li>
          <Link to="/admin/schools">Schools (GIAS): import, and match organisations to their URN</Link>
        </li>
        <li>
          <Link to="/admin/programmes">Programmes: which modules and live events each funded programme reports</Link>
        </li>
        <li>
          <Link to="/admin/jobs">Background jobs: emails and clean-ups waiting, failed, to retry</Link>
        </li>
      </ul>
      <h2>Feedback on modules kept in courses/</h2>
      <p className="muted">
        Average ratings and the 5 most recent comments, without learners&apos; names. Browser-authored modules show theirs on the{" "}
        <Link to="/author">authoring dashboard</Link>.
      </p>
      {fileModuleRatings.length === 0 ? (
        <p>No ratings yet.</p>
      ) : (
        fileModuleRatings.map((m) => <RecentFeedback key={m.moduleId} title={m.title} summary={m} />)
      )}
    </div>
  );
}
