/**
 * What each kind of job does (docs/decisions/0053). This list sits in its own folder because it
 * reaches into the domains that do the work (email, uploads), while those domains enqueue through
 * app/modules/jobs: with the list in jobs/, the folders would import each other.
 */
import { sendEmail } from "~/modules/email/email.server.ts";
import { issueDueAttendanceCertificates } from "~/modules/events/attendance.server.ts";
import { removeExpiredBookingDetails } from "~/modules/events/bookings.server.ts";
import { requestEventFeedback } from "~/modules/events/event-feedback.server.ts";
import { REMINDER_SCAN_EVERY_MS, scheduleReminders, sendReminder } from "~/modules/events/reminders.server.ts";
import { JobKind } from "~/modules/jobs/jobs.ts";
import { runGiasImport } from "~/modules/schools/gias.server.ts";
import { askClassroomFollowUps } from "~/modules/followups/follow-ups.server.ts";
import {
  runJobsUntilIdle as runUntilIdle,
  startJobWorker as startWorker,
  type JobHandlers,
  type JobWorker,
  type RecurringJob,
  type WorkerOptions,
} from "~/modules/jobs/worker.server.ts";
import { createUploadService } from "~/modules/uploads/tus.server.ts";
import { log } from "~/utils/log.server.ts";

let uploads: ReturnType<typeof createUploadService> | undefined;

export const jobHandlers: JobHandlers = {
  // At least once: a worker that dies after the SMTP server took the message sends it again.
  [JobKind.email]: (email) => sendEmail(email),
  [JobKind.uploadsCleanup]: async () => {
    uploads ??= createUploadService();
    const count = await uploads.cleanUp();
    if (count > 0) log().info(`Uploads: deleted ${count} abandoned upload(s).`);
  },
  [JobKind.eventReminders]: async () => {
    const count = await scheduleReminders();
    if (count > 0) log().info(`Events: ${count} reminder(s) due.`);
  },
  // At least once, like every email; a reminder that no longer stands is dropped.
  [JobKind.eventReminder]: async (payload) => {
    await sendReminder(payload);
  },
  [JobKind.eventCertificates]: async () => {
    const count = await issueDueAttendanceCertificates();
    if (count > 0) log().info(`Events: issued ${count} certificate(s) of attendance.`);
  },
  [JobKind.eventFeedbackRequests]: async () => {
    await requestEventFeedback();
  },
  [JobKind.giasImport]: ({ importId }) => runGiasImport(importId),
  [JobKind.classroomFollowUps]: async () => {
    const queued = await askClassroomFollowUps();
    if (queued) log().info(`[jobs] asked ${queued} classroom follow-up(s)`);
  },
  [JobKind.bookingDataCleanup]: async () => {
    const count = await removeExpiredBookingDetails();
    if (count > 0) log().info(`Events: deleted access and dietary details from ${count} booking(s) after the retention period.`);
  },
};

/** Unfinished uploads are cleaned up once an hour, by whichever server claims the hour's job (ADR 0012). */
export const RECURRING_JOBS: RecurringJob[] = [
  { kind: JobKind.uploadsCleanup, everyMs: 60 * 60 * 1000 },
  // Access needs and dietary requirements go once an event is over plus the retention period (ADR 0056).
  { kind: JobKind.bookingDataCleanup, everyMs: 60 * 60 * 1000 },
  // Reminders a week and a day before each session: found every 15 minutes (ADR 0056).
  { kind: JobKind.eventReminders, everyMs: REMINDER_SCAN_EVERY_MS },
  // Certificates of attendance once an event is over (ADR 0057).
  { kind: JobKind.eventCertificates, everyMs: 60 * 60 * 1000 },
  // Feedback requests after an event, and one reminder (ADR 0058).
  { kind: JobKind.eventFeedbackRequests, everyMs: 60 * 60 * 1000 },
  // Classroom follow-ups that have come due (docs/decisions/0062).
  { kind: JobKind.classroomFollowUps, everyMs: 60 * 60 * 1000 },
];

/** The app's worker: every kind's handler and the recurring jobs. */
export function startJobWorker(options: Omit<WorkerOptions, "handlers" | "recurring"> = {}): JobWorker {
  return startWorker({ handlers: jobHandlers, recurring: RECURRING_JOBS, ...options });
}

/** Runs every due job now (tests: what a worker would do next). */
export function runJobsUntilIdle(): Promise<number> {
  return runUntilIdle({ handlers: jobHandlers });
}
