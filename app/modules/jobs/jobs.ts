/**
 * The durable job queue's vocabulary and rules, without I/O (docs/decisions/0053): the kinds of
 * job and their payloads, the statuses, and when a failed job is tried again.
 */
import { z } from "zod";

export const JobStatus = { pending: "pending", running: "running", done: "done", failed: "failed" } as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

export const JobKind = {
  email: "email",
  uploadsCleanup: "uploads-cleanup",
  bookingDataCleanup: "booking-data-cleanup",
  eventReminders: "event-reminders",
  eventReminder: "event-reminder",
  eventCertificates: "event-certificates",
  eventFeedbackRequests: "event-feedback-requests",
  giasImport: "gias-import",
  classroomFollowUps: "classroom-follow-ups",
} as const;
export type JobKind = (typeof JobKind)[keyof typeof JobKind];

/** Each kind's payload, checked when it is enqueued and again when it is read back to run. */
export const JOB_PAYLOADS = {
  [JobKind.email]: z.object({
    to: z.string().min(3).max(320),
    subject: z.string().min(1).max(300),
    text: z.string().max(100_000),
    /** An iCalendar invitation, sent as text/calendar with its METHOD (docs/decisions/0056). */
    calendar: z
      .object({ method: z.enum(["REQUEST", "CANCEL", "PUBLISH"]), content: z.string().max(200_000), filename: z.string().max(100) })
      .optional(),
  }),
  /** `slot` is the hour it belongs to (an ISO timestamp): one job per hour across all servers. */
  [JobKind.uploadsCleanup]: z.object({ slot: z.string().max(40) }),
  [JobKind.bookingDataCleanup]: z.object({ slot: z.string().max(40) }),
  /** Finds the reminders that are due and enqueues one `event-reminder` each (docs/decisions/0056). */
  [JobKind.eventReminders]: z.object({ slot: z.string().max(40) }),
  /** One reminder to one attendee about one session, as it was timed when due (`startsAt`). */
  [JobKind.eventReminder]: z.object({
    bookingId: z.string().max(64),
    sessionKey: z.string().max(64),
    which: z.enum(["week", "day"]),
    startsAt: z.string().max(40),
  }),
  /** Certificates of attendance for events that are over (docs/decisions/0057). */
  [JobKind.eventCertificates]: z.object({ slot: z.string().max(40) }),
  /** Asks attendees for feedback after an event, and reminds them once (docs/decisions/0058). */
  [JobKind.eventFeedbackRequests]: z.object({ slot: z.string().max(40) }),
  /** Reads an uploaded GIAS extract into the schools (docs/decisions/0061). */
  [JobKind.giasImport]: z.object({ importId: z.string().max(64) }),
  /** Asks teachers whether a module or event changed their classroom (docs/decisions/0062). */
  [JobKind.classroomFollowUps]: z.object({ slot: z.string().max(40) }),
} satisfies Record<JobKind, z.ZodType>;
export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_PAYLOADS)[K]>;

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  [JobKind.email]: "Email",
  [JobKind.uploadsCleanup]: "Delete abandoned uploads",
  [JobKind.bookingDataCleanup]: "Delete attendees' access and dietary details after events",
  [JobKind.eventReminders]: "Find event reminders that are due",
  [JobKind.eventReminder]: "Event reminder email",
  [JobKind.eventCertificates]: "Issue certificates of attendance",
  [JobKind.eventFeedbackRequests]: "Ask attendees for feedback",
  [JobKind.giasImport]: "Import schools from GIAS",
  [JobKind.classroomFollowUps]: "Ask teachers whether CPD changed their classroom",
};

export const DEFAULT_MAX_ATTEMPTS = 5;
/** A worker holds a job this long; if it has not finished by then, another worker may run it again. */
export const DEFAULT_LEASE_MS = 5 * 60 * 1000;
export const RETRY_BASE_MS = 10_000;
export const RETRY_CAP_MS = 60 * 60 * 1000;

/**
 * How long to wait before the next try after the `attempt`-th failure (1, 2, …): exponential
 * (10 s, 20 s, 40 s, … at most an hour), half of it fixed and half random ("equal jitter"), so jobs
 * that failed together (an SMTP server down) do not all come back at the same moment.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** The start of the period of `everyMs` that `now` falls in (hourly jobs are keyed by it). */
export function periodSlot(now: Date, everyMs: number): string {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs).toISOString();
}

/** What an error says, kept short enough to store. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
