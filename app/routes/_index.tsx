import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPublishedModules } from "~/modules/catalog/catalog.server.ts";
import { getCurrentUser } from "~/modules/auth/session.server.ts";

export const meta: MetaFunction = () => [
  { title: "Pathways: free CPD for teaching digital skills" },
  { name: "description", content: "Free, self-paced professional development for teachers and IT professionals moving into teaching." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, modules] = await Promise.all([getCurrentUser(request), listPublishedModules({ limit: 6 })]);
  return { signedIn: !!user, modules };
}

export default function Home() {
  const { signedIn, modules } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="hero">
        <div className="container">
          <h1>Close the gap between the classroom and digital careers</h1>
          <p>
            Free, self-paced professional development for teachers, school leaders and IT professionals moving into teaching. Learn in short
            bursts between lessons, practise in the browser, and never lose your place.
          </p>
          <div className="button-row">
            <Link to="/courses" className="button">
              Browse courses
            </Link>
            {signedIn ? null : (
              <Link to="/sign-up" className="button button--secondary">
                Create a free account
              </Link>
            )}
          </div>
        </div>
      </div>
      <div className="container">
        <h2>Courses</h2>
        {modules.length === 0 ? (
          <p>No courses have been published yet.</p>
        ) : (
          <ul className="card-list">
            {modules.map((m) => (
              <li key={m.id} className="card">
                <h3>
                  <Link to={`/courses/${m.id}`}>{m.title}</Link>
                </h3>
                <p>{m.summary}</p>
                <p className="muted">
                  {m.cpdHours} CPD hour{m.cpdHours === 1 ? "" : "s"} · {m.keyStages.join(", ")}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
