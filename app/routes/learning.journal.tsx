import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server.ts";
import { listJournal } from "~/modules/progress/progress.server.ts";
import { formatDate } from "~/utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "My journal – Pathways" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { entries: await listJournal(user.id) };
}

export default function Journal() {
  const { entries } = useLoaderData<typeof loader>();
  return (
    <div className="container page narrow">
      <h1>My journal</h1>
      <p>Everything you have written in reflections, newest first. Only you can see it.</p>
      <p className="button-row">
        <a href="/learning/journal/export?format=md" className="button button--secondary" download>
          Download as Markdown
        </a>
        <a href="/learning/journal/export?format=json" className="button button--secondary" download>
          Download as JSON
        </a>
      </p>
      {entries.length === 0 ? <p>You have not written any reflections yet.</p> : null}
      {entries.map((e) => (
        <article key={`${e.moduleId}/${e.activityId}`} className="journal-entry" aria-labelledby={`j-${e.moduleId}-${e.activityId}`}>
          <h2 id={`j-${e.moduleId}-${e.activityId}`}>
            {e.moduleTitle}: {e.activityTitle}
          </h2>
          <p className="muted">
            Last edited <time dateTime={new Date(e.updatedAt).toISOString()}>{formatDate(e.updatedAt, "dateTime")}</time>
          </p>
          {e.prompt ? <p className="muted">{e.prompt}</p> : null}
          <p className="journal-text">{e.text}</p>
          <p>
            <Link to={`/courses/${e.moduleId}/learn/${e.activityId}`}>
              Edit<span className="visually-hidden"> your reflection on {e.activityTitle}</span>
            </Link>
          </p>
        </article>
      ))}
    </div>
  );
}
