import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Alert } from "~/components/ui/alert.tsx";
import { Button } from "~/components/ui/button.tsx";
import { requireRole } from "~/modules/auth/session.server.ts";
import { JOB_KIND_LABELS, JobStatus, type JobKind } from "~/modules/jobs/jobs.ts";
import { getJobOverview, retryJob } from "~/modules/jobs/queue.server.ts";
import { formatDate } from "~/utils/dates.ts";
import { readForm } from "~/utils/http.server.ts";

export const meta: MetaFunction = () => [{ title: "Background jobs – Pathways admin" }];

const RetrySchema = z.object({
  intent: z.literal("retry"),
  jobId: z.string().min(1).max(64),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return getJobOverview();
}

export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const submission = parseWithZod(await readForm(request), { schema: RetrySchema });
  if (submission.status !== "success") return data({ ok: false, message: "That retry was not understood. Try again." }, { status: 400 });
  return (await retryJob(submission.value.jobId))
    ? { ok: true, message: "The job will run again shortly." }
    : data({ ok: false, message: "That job is no longer failed (it may have been retried already)." }, { status: 409 });
}

const kindLabel = (kind: string) => JOB_KIND_LABELS[kind as JobKind] ?? kind;

export default function AdminJobs() {
  const { counts, waiting, failed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container page">
      <nav aria-label="Administration" className="button-row admin-nav">
        <Link to="/admin/users">Users and roles</Link>
        <Link to="/admin/certificates">Certificates</Link>
        <Link to="/admin/organisations">Organisations</Link>
        <span aria-current="page">Background jobs</span>
      </nav>
      <h1>Background jobs</h1>
      {actionData ? <Alert tone={actionData.ok ? "success" : "error"}>{actionData.message}</Alert> : null}
      <p>
        Emails and clean-ups are done by the servers in the background, tried again with growing pauses when they fail. A job that failed
        every attempt waits here until you retry it.
      </p>
      <dl className="job-counts">
        {Object.values(JobStatus).map((status) => (
          <div key={status}>
            <dt>{status === JobStatus.done ? "Done (last 7 days)" : status[0]!.toUpperCase() + status.slice(1)}</dt>
            <dd>{counts[status]}</dd>
          </div>
        ))}
      </dl>

      <h2>Failed</h2>
      {failed.length === 0 ? (
        <p>No failed jobs.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Failed jobs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Attempts</th>
              <th scope="col">Failed at</th>
              <th scope="col">Last error</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {failed.map((job) => (
              <tr key={job.id}>
                <td>{kindLabel(job.kind)}</td>
                <td>
                  {job.attempts} of {job.maxAttempts}
                </td>
                <td>{formatDate(job.updatedAt, "shortDateTime")}</td>
                <td>
                  <code className="job-error">{job.lastError}</code>
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="retry" />
                    <input type="hidden" name="jobId" value={job.id} />
                    <Button variant="secondary">
                      Retry
                      <span className="visually-hidden">
                        {" "}
                        the {kindLabel(job.kind).toLowerCase()} job that failed at {formatDate(job.updatedAt, "shortDateTime")}
                      </span>
                    </Button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Waiting and running</h2>
      {waiting.length === 0 ? (
        <p>Nothing is waiting.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Jobs waiting or running, next first</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts so far</th>
              <th scope="col">Next run</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((job) => (
              <tr key={job.id}>
                <td>{kindLabel(job.kind)}</td>
                <td>{job.status === JobStatus.running ? "Running" : "Waiting"}</td>
                <td>
                  {job.attempts} of {job.maxAttempts}
                </td>
                <td>{formatDate(job.runAt, "shortDateTime")}</td>
                <td>{job.lastError ? <code className="job-error">{job.lastError}</code> : "None"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
