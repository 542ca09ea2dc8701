import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createUser } from "../../../tests/factories/users.ts";
import { latestEmailTo } from "../../../tests/setup/mail.ts";
import { queueEmail } from "~/modules/email/email.server.ts";
import { JobKind, JobStatus } from "~/modules/jobs/jobs.ts";
import { scheduleRecurringJobs } from "~/modules/jobs/worker.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { RECURRING_JOBS, runJobsUntilIdle } from "./handlers.server.ts";

describe("the app's jobs", () => {
  it("an email job sends through SMTP, once per key", async () => {
    const to = "job-handler@school.example";
    await queueEmail({ to, subject: "Queued", text: "Sent by a job." }, { key: "email:test:1" });
    await queueEmail({ to, subject: "Queued", text: "Sent by a job." }, { key: "email:test:1" });
    expect(latestEmailTo(to)).toBeUndefined(); // not sent until a worker runs it
    expect(await runJobsUntilIdle()).toBe(1);
    expect(latestEmailTo(to)).toMatchObject({ subject: "Queued", text: expect.stringContaining("Sent by a job.") });
    expect(await prisma.job.findUniqueOrThrow({ where: { key: "email:test:1" } })).toMatchObject({ status: JobStatus.done, payload: "{}" });
  });

  it("the hourly upload cleanup is one job per hour for every server, and deletes abandoned uploads", async () => {
    const author = await createUser({ roles: ["author"] });
    const id = "abandoned-upload-for-the-job";
    const uploadsDir = path.resolve(getEnv().UPLOADS_DIR);
    fs.mkdirSync(uploadsDir, { recursive: true });
    fs.writeFileSync(path.join(uploadsDir, id), "partial bytes");
    await prisma.mediaUpload.create({
      data: {
        id,
        ownerId: author.id,
        kind: "video",
        declaredMime: "video/mp4",
        originalName: "forgotten.mp4",
        bytes: 1000,
        createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000),
      },
    });
    // Two servers schedule the same hour: one job.
    await Promise.all([scheduleRecurringJobs(RECURRING_JOBS), scheduleRecurringJobs(RECURRING_JOBS)]);
    const jobs = await prisma.job.findMany({ where: { kind: JobKind.uploadsCleanup } });
    expect(jobs).toHaveLength(1);
    await runJobsUntilIdle();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: jobs[0]!.id } })).toMatchObject({ status: JobStatus.done });
    expect(await prisma.mediaUpload.findUnique({ where: { id } })).toBeNull();
    expect(fs.existsSync(path.join(uploadsDir, id))).toBe(false);
  });
});
