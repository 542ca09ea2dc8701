import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEvent, daysFromNow } from "../../../tests/factories/events.ts";
import { sentEmails } from "../../../tests/setup/mail.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import { bookPlace } from "./bookings.server.ts";
import {
  getEventFeedbackFigures,
  getFeedbackPage,
  getOverallEventRating,
  getPublicEventRatings,
  requestEventFeedback,
  saveEventFeedback,
} from "./event-feedback.server.ts";

/** Feedback on live events, on this file's database (both in CI); the requests go through the queue to a real SMTP server. */
const monthAgo = () => new Date(Date.now() - 30 * 86_400_000);

async function attendedEvent(people: number, { endedDaysAgo = 2 } = {}) {
  const eventId = await createEvent({
    capacity: 50,
    sessions: [{ id: "s", date: daysFromNow(-endedDaysAgo), start: "09:30", end: "11:30" }],
  });
  const tag = crypto.randomBytes(3).toString("hex");
  const ids: string[] = [];
  for (let i = 0; i < people; i++) {
    const user = await prisma.user.create({
      data: {
        email: `fb-${tag}-${i}@school.example`,
        name: `Teacher ${i}`,
        passwordHash: "x",
        organisationName: `School ${i}`,
        organisationType: "primary-school",
        roleInSchool: "class-teacher",
      },
    });
    await bookPlace({ userId: user.id, eventId, form: {}, origin: "https://pathways.example", now: monthAgo() });
    const booking = await prisma.eventBooking.findFirstOrThrow({ where: { eventId, userId: user.id } });
    await prisma.eventAttendance.create({ data: { bookingId: booking.id, sessionKey: "s", status: "present", method: "register" } });
    ids.push(user.id);
  }
  return { eventId, ids, tag };
}

const give = (userId: string, eventId: string, score: number, extra: Record<string, string> = {}) =>
  saveEventFeedback({ userId, eventId, input: { score, comment: "", changes: "", impact: "", quoteConsent: "none", ...extra } as never });

describe("event feedback", () => {
  it("is for people who attended, once the event is over; giving it again replaces it", async () => {
    const { eventId, ids } = await attendedEvent(1);
    const stranger = (
      await prisma.user.create({
        data: {
          email: `x-${crypto.randomUUID()}@s.example`,
          name: "X",
          passwordHash: "x",
          organisationName: "S",
          organisationType: "other",
          roleInSchool: "other",
        },
      })
    ).id;
    expect(await getFeedbackPage(stranger, eventId)).toMatchObject({ eligible: false });
    expect(((await give(stranger, eventId, 6).catch((e: unknown) => e)) as AppError).code).toBe("forbidden");
    const upcoming = await createEvent();
    await bookPlace({ userId: ids[0]!, eventId: upcoming, form: {}, origin: "https://pathways.example" });
    expect(await getFeedbackPage(ids[0]!, upcoming)).toMatchObject({
      eligible: false,
      reason: expect.stringMatching(/last session is over/),
    });

    await give(ids[0]!, eventId, 4);
    await give(ids[0]!, eventId, 5, { comment: "Practical and well paced." });
    expect(await getFeedbackPage(ids[0]!, eventId)).toMatchObject({
      eligible: true,
      current: { score: 5, comment: "Practical and well paced." },
    });
    expect(await prisma.eventFeedback.count({ where: { eventId } })).toBe(1);
  });

  it("gives organisers n, mean, median and distribution from the raw responses, and only the quotes people allowed", async () => {
    const { eventId, ids } = await attendedEvent(5);
    const scores = [6, 6, 5, 6, 4];
    for (const [i, score] of scores.entries()) await give(ids[i]!, eventId, score);
    await give(ids[0]!, eventId, 6, { comment: "My Year 5s will design their own algorithms.", quoteConsent: "name-and-school" });
    await give(ids[1]!, eventId, 6, { impact: "More girls choosing the coding club.", quoteConsent: "role" });
    await give(ids[2]!, eventId, 5, { comment: "Too rushed at the end.", quoteConsent: "none" });
    const figures = await getEventFeedbackFigures(eventId);
    const raw = (await prisma.eventFeedback.findMany({ where: { eventId } })).map((f) => f.score);
    expect(figures).toMatchObject({
      n: raw.length,
      mean: Math.round((raw.reduce((a, b) => a + b, 0) / raw.length) * 100) / 100,
      median: 6,
      distribution: [0, 0, 0, 1, 1, 3],
    });
    expect(figures.mean).toBe(5.4);
    expect(figures.quotes).toEqual([
      { text: "My Year 5s will design their own algorithms.", by: "Teacher 0, School 0" },
      { text: "More girls choosing the coding club.", by: "Class or subject teacher" },
    ]);
    expect(JSON.stringify(figures.comments)).not.toContain("Teacher 2");
    expect(figures.comments.map((c) => c.comment)).toContain("Too rushed at the end.");
    // Public in the archive from 5 responses; the overall figure counts every response.
    expect((await getPublicEventRatings([eventId])).get(eventId)).toEqual({ mean: 5.4, n: 5 });
    const overall = await getOverallEventRating();
    expect(overall.n).toBeGreaterThanOrEqual(5);
    expect(overall.events).toBeGreaterThanOrEqual(1);
  });

  it("keeps an event with fewer than 5 responses out of the public archive's ratings", async () => {
    const { eventId, ids } = await attendedEvent(4);
    for (const id of ids) await give(id, eventId, 6);
    expect((await getPublicEventRatings([eventId])).has(eventId)).toBe(false);
  });

  it("asks attendees once after the event and reminds those who have not answered once, a week later", async () => {
    const { eventId, ids, tag } = await attendedEvent(2, { endedDaysAgo: 1 });
    const { endsAt } = await prisma.event.findUniqueOrThrow({ where: { id: eventId } });
    await requestEventFeedback({ now: new Date(endsAt.getTime() + 3_600_000) });
    await requestEventFeedback({ now: new Date(endsAt.getTime() + 2 * 3_600_000) });
    await give(ids[0]!, eventId, 6);
    await requestEventFeedback({ now: new Date(endsAt.getTime() + 8 * 86_400_000) });
    await requestEventFeedback({ now: new Date(endsAt.getTime() + 9 * 86_400_000) });
    await requestEventFeedback({ now: new Date(endsAt.getTime() + 15 * 86_400_000) }); // too late to ask
    await runJobsUntilIdle();
    const to = (i: number) =>
      sentEmails()
        .filter((m) => m.to === `fb-${tag}-${i}@school.example` && m.subject.includes("How was"))
        .map((m) => m.subject);
    expect(to(0)).toEqual(["How was Teaching with physical computing in KS2?"]);
    expect(to(1).sort()).toEqual([
      "How was Teaching with physical computing in KS2?",
      "Reminder: How was Teaching with physical computing in KS2?",
    ]);
    expect(sentEmails().find((m) => m.to === `fb-${tag}-1@school.example`)?.text).toContain(
      `https://pathways.example/events/${eventId}/feedback`,
    );
  });
});
