import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEvent, daysFromNow, eventFields, eventSource } from "../../../tests/factories/events.ts";
import { sentEmails } from "../../../tests/setup/mail.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { bookPlace, cancelBooking } from "./bookings.server.ts";
import { loadEventSource } from "./load-events.server.ts";
import { publishEvent } from "./publish-events.server.ts";
import { scheduleReminders, sendReminder } from "./reminders.server.ts";

/**
 * Reminders (docs/decisions/0056) through the real job queue and a real SMTP server, on this file's
 * database (both in CI). "Now" is moved by passing it in: the scan and the handler take `now`.
 */
const DAY = 86_400_000;
const TITLE = "Teaching with physical computing in KS2";

async function teacher(tag = crypto.randomBytes(4).toString("hex")) {
  const email = `reminded-${tag}@school.example`;
  const user = await prisma.user.create({
    data: {
      email,
      name: "Rae Minder",
      passwordHash: "x",
      organisationName: "A School",
      organisationType: "primary-school",
      roleInSchool: "class-teacher",
    },
  });
  return { id: user.id, email };
}

/** An event 10 days ahead, booked by a teacher (now), with its session's start. */
async function bookedEvent(fields = eventFields({ sessions: [{ id: "s", date: daysFromNow(10), start: "16:00", end: "17:00" }] })) {
  const eventId = await createEvent(fields);
  const person = await teacher();
  await bookPlace({ userId: person.id, eventId, form: {}, origin: "https://pathways.example" });
  const session = await prisma.eventSession.findFirstOrThrow({ where: { eventId } });
  return { eventId, person, startsAt: session.startsAt, fields };
}

const remindersTo = (email: string) => sentEmails().filter((m) => m.to === email && /^(Next week|Tomorrow): /.test(m.subject));
const runAt = async (now: Date) => {
  await scheduleReminders({ now });
  await runJobsUntilIdle();
};

describe("event reminders", () => {
  it("sends a week and a day before, each once, however many times the scan runs", async () => {
    const { person, startsAt } = await bookedEvent();
    await runAt(new Date(startsAt.getTime() - 8 * DAY)); // nothing due yet
    expect(remindersTo(person.email)).toEqual([]);

    const weekBefore = new Date(startsAt.getTime() - 7 * DAY + 60_000);
    // Two servers' scans at once, and again after a "restart": one job, one email.
    await Promise.all([scheduleReminders({ now: weekBefore }), scheduleReminders({ now: weekBefore })]);
    await runAt(new Date(weekBefore.getTime() + 15 * 60_000));
    expect(remindersTo(person.email).map((m) => m.subject)).toEqual([`Next week: ${TITLE}`]);
    expect(remindersTo(person.email)[0]!.text).toContain("Microsoft Teams");

    await runAt(new Date(startsAt.getTime() - DAY + 60_000));
    await runAt(new Date(startsAt.getTime() - DAY + 30 * 60_000));
    expect(remindersTo(person.email).map((m) => m.subject)).toEqual([`Next week: ${TITLE}`, `Tomorrow: ${TITLE}`]);
  });

  it("sends a missed reminder late while the session is ahead, and never once it has started", async () => {
    const { person, startsAt } = await bookedEvent();
    // The app was down over the week-before moment and comes back three days later: sent then.
    await runAt(new Date(startsAt.getTime() - 4 * DAY));
    expect(remindersTo(person.email).map((m) => m.subject)).toEqual([`Next week: ${TITLE}`]);
    // Down over the day-before moment and back after the start: nothing.
    await runAt(new Date(startsAt.getTime() + 60_000));
    expect(remindersTo(person.email)).toHaveLength(1);
    // A reminder job that was queued but ran only after the start is dropped.
    const late = await prisma.eventBooking.findFirstOrThrow({ where: { userId: person.id } });
    expect(
      await sendReminder(
        { bookingId: late.id, sessionKey: "s", which: "day", startsAt: startsAt.toISOString() },
        { now: new Date(startsAt.getTime() + 1) },
      ),
    ).toBe(false);
  });

  it("sends no reminder to someone who cancelled, nor one whose moment passed before they booked", async () => {
    const { eventId, person, startsAt } = await bookedEvent();
    await cancelBooking({ userId: person.id, eventId });
    // Booked 3 days before: no week-before reminder (the confirmation has just told them), the day-before one only.
    const late = await teacher();
    const threeDaysBefore = new Date(startsAt.getTime() - 3 * DAY);
    await bookPlace({ userId: late.id, eventId, form: {}, origin: "https://pathways.example", now: threeDaysBefore });
    await runAt(new Date(threeDaysBefore.getTime() + 60_000));
    await runAt(new Date(startsAt.getTime() - DAY + 60_000));
    expect(remindersTo(person.email)).toEqual([]);
    expect(remindersTo(late.email).map((m) => m.subject)).toEqual([`Tomorrow: ${TITLE}`]);
  });

  it("reminds about the new time when a session moves, and not about the old one", async () => {
    const { person, startsAt, fields, eventId } = await bookedEvent();
    const queuedForOldTime = new Date(startsAt.getTime() - 7 * DAY + 60_000);
    await scheduleReminders({ now: queuedForOldTime }); // queued, not yet sent
    const moved = await loadEventSource(
      `${eventId}.md`,
      eventSource({ ...fields, sessions: [{ id: "s", date: daysFromNow(12), start: "16:00", end: "17:00" }] }),
    );
    if (!moved.ok) throw new Error("refused");
    await publishEvent(moved.event);
    await runJobsUntilIdle();
    expect(remindersTo(person.email)).toEqual([]); // the old time's reminder was dropped
    const newStart = (await prisma.eventSession.findFirstOrThrow({ where: { eventId } })).startsAt;
    await runAt(new Date(newStart.getTime() - 7 * DAY + 60_000));
    expect(remindersTo(person.email).map((m) => m.subject)).toEqual([`Next week: ${TITLE}`]);
  });
});
