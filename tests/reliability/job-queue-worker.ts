/**
 * One worker process of tests/reliability/job-queue.test.ts: opens its own database connection
 * (DATABASE_URL), says "ready", waits for a line on stdin, then runs jobs until the queue stays
 * empty. Each job it runs appends "<worker> <job id>" to the log file it is given.
 */
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { runJobsOnce, type JobHandlers } from "~/modules/jobs/worker.server.ts";
import { prisma } from "~/utils/db.server.ts";

const [name, log] = process.argv.slice(2) as [string, string];
const handlers: JobHandlers = {
  email: async (_payload, job) => {
    fs.appendFileSync(log, `${name} ${job.id}\n`);
    await sleep(1);
  },
  "uploads-cleanup": async () => {},
  "booking-data-cleanup": async () => {},
  "event-reminders": async () => {},
  "event-reminder": async () => {},
  "event-certificates": async () => {},
  "event-feedback-requests": async () => {},
  "gias-import": async () => {},
  "classroom-follow-ups": async () => {},
};

await prisma.job.count(); // connected before the start
console.log("ready");
await new Promise((resolve) => process.stdin.once("data", resolve));
let idleRounds = 0;
let claimed = 0;
while (idleRounds < 3) {
  const n = await runJobsOnce({ handlers, workerId: name, batchSize: 10 });
  claimed += n;
  idleRounds = n === 0 ? idleRounds + 1 : 0;
  if (n === 0) await sleep(50);
}
console.log(JSON.stringify({ claimed }));
await prisma.$disconnect();
process.exit(0);
