/**
 * Classroom follow-ups (docs/decisions/0062). An hourly job asks each teacher, FOLLOW_UP_AFTER_DAYS
 * after they completed a module or last attended a live event, whether it changed their classroom,
 * by email and on My learning, with one reminder a week later; it never asks anyone who declined
 * that one, or declined all of them. Answers are theirs to change; the impact report reads them as
 * counts, suppressed like the rest.
 */
import { AttendanceStatus } from "~/modules/events/attendance.ts";
import { BookingStatus } from "~/modules/events/bookings.ts";
import { queueEmail } from "~/modules/email/email.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { FOLLOW_UP_ASK_WITHIN_DAYS, FOLLOW_UP_REMINDER_DAYS, type FollowUpAnswer } from "./follow-ups.ts";

const DAY = 86_400_000;

/** The public origin for emailed links (APP_ORIGIN; the local address in development). */
const origin = () => (getEnv().APP_ORIGIN ? new URL(getEnv().APP_ORIGIN as string).origin : `http://localhost:${getEnv().PORT}`);

function askEmail(name: string, title: string, id: string, reminder: boolean) {
  const link = `${origin()}/follow-up/${id}`;
  return {
    subject: `${reminder ? "Reminder: " : ""}Did "${title}" change your classroom?`,
    text: [
      `Hello ${name},`,
      reminder
        ? `A last reminder about "${title}": two minutes to say whether it changed what happens in your classroom.`
        : `A few weeks ago you finished "${title}". Has it changed what happens in your classroom? Five short questions, two minutes.`,
      link,
      "We ask about numbers and key stages, never about a pupil by name. It is how the programme shows the people who pay for it what CPD does for learners. If you would rather not, the page has a button to say so, and we will not ask again.",
      "Pathways",
    ].join("\n\n"),
  };
}

/**
 * The hourly job: creates and emails the follow-ups that are due, and sends the one reminder.
 * Returns the emails queued. Each is keyed, so two servers (or a rerun) never send one twice.
 */
export async function askClassroomFollowUps({ now = new Date() } = {}): Promise<number> {
  const due = new Date(now.getTime() - getEnv().FOLLOW_UP_AFTER_DAYS * DAY);
  const notBefore = new Date(due.getTime() - FOLLOW_UP_ASK_WITHIN_DAYS * DAY);
  const willing = { followUpsDeclinedAt: null };
  const [completions, attended] = await Promise.all([
    prisma.enrolment.findMany({
      where: { completedAt: { lte: due, gte: notBefore }, user: willing },
      select: { userId: true, moduleId: true, module: { select: { currentVersion: { select: { title: true } } } } },
    }),
    prisma.eventBooking.findMany({
      where: {
        status: BookingStatus.confirmed,
        user: willing,
        event: { cancelledAt: null, endsAt: { lte: due, gte: notBefore } },
        attendance: { some: { status: { not: AttendanceStatus.absent } } },
      },
      select: { userId: true, eventId: true, event: { select: { title: true } } },
    }),
  ]);
  const candidates = [
    ...completions.map((c) => ({ userId: c.userId, subject: `module:${c.moduleId}`, title: c.module.currentVersion?.title ?? c.moduleId })),
    ...attended.map((b) => ({ userId: b.userId, subject: `event:${b.eventId}`, title: b.event.title })),
  ];
  const existing = await prisma.classroomFollowUp.findMany({
    where: { userId: { in: [...new Set(candidates.map((c) => c.userId))] } },
    select: { userId: true, subject: true },
  });
  const asked = new Set(existing.map((e) => `${e.userId} ${e.subject}`));
  let queued = 0;
  for (const c of candidates) {
    if (asked.has(`${c.userId} ${c.subject}`)) continue;
    const created = await prisma.classroomFollowUp
      .create({ data: { ...c, askedAt: now }, include: { user: { select: { name: true, email: true } } } })
      .catch(() => null); // another server created it a moment ago
    if (!created) continue;
    await queueEmail(
      { to: created.user.email, ...askEmail(created.user.name, c.title, created.id, false) },
      { key: `follow-up:${created.id}:ask` },
    );
    queued++;
  }
  // One reminder, a week after the first email, to those who have neither answered nor declined.
  const remind = await prisma.classroomFollowUp.findMany({
    where: {
      answeredAt: null,
      declinedAt: null,
      askedAt: {
        lte: new Date(now.getTime() - FOLLOW_UP_REMINDER_DAYS * DAY),
        gte: new Date(now.getTime() - 2 * FOLLOW_UP_REMINDER_DAYS * DAY),
      },
      user: willing,
    },
    include: { user: { select: { name: true, email: true } } },
  });
  for (const f of remind) {
    await queueEmail({ to: f.user.email, ...askEmail(f.user.name, f.title, f.id, true) }, { key: `follow-up:${f.id}:remind` });
    queued++;
  }
  return queued;
}

/** A follow-up for the person it was made for; null for anyone else. */
export async function getFollowUp(userId: string, id: string) {
  return prisma.classroomFollowUp.findFirst({ where: { id, userId } });
}

/** Saves (or changes) the answers. Not theirs: false. */
export async function answerFollowUp(userId: string, id: string, answer: FollowUpAnswer, now = new Date()): Promise<boolean> {
  const { count } = await prisma.classroomFollowUp.updateMany({
    where: { id, userId },
    data: {
      used: answer.used,
      learners: answer.used === "yes" ? (answer.learners ?? null) : null,
      girls: answer.used === "yes" ? (answer.girls ?? null) : null,
      keyStages: answer.keyStages.length ? `,${answer.keyStages.join(",")},` : "",
      changed: answer.changed,
      wouldHelp: answer.wouldHelp,
      answeredAt: now,
      declinedAt: null,
    },
  });
  return count === 1;
}

/** "No thanks": this one, and with `never` every later one too. Not theirs: false. */
export async function declineFollowUp(userId: string, id: string, { never = false, now = new Date() } = {}): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.classroomFollowUp.updateMany({ where: { id, userId, answeredAt: null }, data: { declinedAt: now } });
    const mine = count === 1 || (await tx.classroomFollowUp.count({ where: { id, userId } })) === 1;
    if (mine && never) await tx.user.update({ where: { id: userId }, data: { followUpsDeclinedAt: now } });
    return mine;
  });
}

/** The follow-ups waiting for this person's answer, for My learning. */
export async function pendingFollowUps(userId: string) {
  return prisma.classroomFollowUp.findMany({
    where: { userId, answeredAt: null, declinedAt: null, user: { followUpsDeclinedAt: null } },
    orderBy: { askedAt: "asc" },
    select: { id: true, title: true },
  });
}
