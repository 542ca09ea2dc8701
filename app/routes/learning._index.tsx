import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "~/components/ui/alert.tsx";
import { ProgressBar } from "~/components/ui/progress-bar.tsx";
import { requireUser } from "~/modules/auth/session.server.ts";
import { listLearnerModules } from "~/modules/progress/progress.server.ts";

export const meta: MetaFunction = () => [{ title: "My learning – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, modules: await listLearnerModules(user.id) };
}

const date = (d: string | Date) => new Date(d).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });

export default function MyLearning() {
  const { name, modules } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="container page">
      <h1>My learning</h1>
      {params.get("welcome") ? (
        <Alert tone="success" title={`Welcome to Pathways, ${name}.`}>
          <p>
            Your account is ready. <Link to="/courses">Find a course</Link> to start.
          </p>
        </Alert>
      ) : null}
      {modules.length === 0 ? (
        <p>
          You have not enrolled in any modules yet. <Link to="/courses">Browse the courses</Link>.
        </p>
      ) : (
        <ul className="card-list">
          {modules.map((m) => (
            <li key={m.moduleId} className="card">
              <h2>
                <Link to={`/courses/${m.moduleId}`}>{m.title}</Link>
              </h2>
              <ProgressBar value={m.summary.percent} label={`Progress in ${m.title}`} />
              <p className="muted">
                {m.completedAt
                  ? `Completed on ${date(m.completedAt)}.`
                  : m.lastActivityAt
                    ? `Last activity ${date(m.lastActivityAt)}${m.lastActivityTitle ? `: ${m.lastActivityTitle}` : ""}.`
                    : `Enrolled on ${date(m.enrolledAt)}.`}
              </p>
              {m.next && !m.completedAt ? (
                <p>
                  Next step: <Link to={`/courses/${m.moduleId}/learn/${m.next.activityId}`}>{m.next.title}</Link>
                </p>
              ) : null}
              <p>
                <Link to={`/courses/${m.moduleId}/learn`} className="button">
                  {m.summary.completedRequired === 0 && !m.lastActivityAt ? "Start" : "Continue"}
                  <span className="visually-hidden"> {m.title}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>Your journal</h2>
      <p>
        Your reflections are private to you. <Link to="/learning/journal">Read or export your journal</Link>.
      </p>
    </div>
  );
}
