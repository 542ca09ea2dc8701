/**
 * /admin/jobs (docs/decisions/0053) is for administrators only, in its loader and its action:
 * anybody else gets a redirect to sign in or a 403, and a retry they post changes nothing. What
 * the page shows of a job is its kind, attempts, times and last error, never its payload (an
 * email's text carries a sign-in or reset link).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import { JobKind, JobStatus } from "~/modules/jobs/jobs.ts";
import { claimJobs, enqueue, failJob } from "~/modules/jobs/queue.server.ts";
import * as jobsRoute from "~/routes/admin.jobs.tsx";
import { prisma } from "~/utils/db.server.ts";

const loader = jobsRoute.loader as Handler;
const action = jobsRoute.action as Handler;
const SECRET_LINK = "https://pathways.example/reset-password/secret-token-that-must-not-show";

async function failedJob() {
  await prisma.job.deleteMany();
  await enqueue(JobKind.email, { to: "someone@school.example", subject: "Reset", text: SECRET_LINK }, { key: "doomed", maxAttempts: 1 });
  const [job] = await claimJobs("w");
  await failJob(job!, "w", new Error("Mailbox unavailable <b>bold</b>"));
  return job!.id;
}

describe("/admin/jobs", () => {
  let jobId: string;
  beforeEach(async () => {
    jobId = await failedJob();
  });

  it("sends anonymous visitors to sign in and refuses signed-in non-admins, for GET and POST; nothing is retried", async () => {
    const learner = await createUser();
    const author = await createUser({ roles: ["author"] });
    for (const cookie of [undefined, learner.cookie, author.cookie]) {
      const get = await callRoute(loader, "/admin/jobs", {}, cookie);
      const post = await callRoute(action, "/admin/jobs", {}, cookie, { intent: "retry", jobId });
      for (const answer of [get, post]) {
        if (cookie) expect(answer.status).toBe(403);
        else expect([302, 303]).toContain(answer.status);
        expect(answer.body).not.toContain("Mailbox unavailable");
      }
    }
    expect((await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe(JobStatus.failed);
  });

  it("shows an admin the failed job with its error but never its payload, and retries it", async () => {
    const admin = await createUser({ roles: ["admin"] });
    const page = await callRoute(loader, "/admin/jobs", {}, admin.cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Mailbox unavailable <b>bold</b>");
    expect(page.body).not.toContain("secret-token");
    expect(page.body).not.toContain("someone@school.example");

    const bad = await callRoute(action, "/admin/jobs", {}, admin.cookie, { intent: "delete", jobId });
    expect(bad.status).toBe(400);
    const retried = await callRoute(action, "/admin/jobs", {}, admin.cookie, { intent: "retry", jobId });
    expect(retried.status).toBe(200);
    expect(await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: JobStatus.pending, attempts: 0 });
    const again = await callRoute(action, "/admin/jobs", {}, admin.cookie, { intent: "retry", jobId });
    expect(again.status).toBe(409);
  });
});
