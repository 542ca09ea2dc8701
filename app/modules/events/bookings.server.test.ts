import crypto from "node:crypto";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { createEvent, daysFromNow, eventFields, eventSource } from "../../../tests/factories/events.ts";
import { sentEmails } from "../../../tests/setup/mail.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { callRoute, type Handler } from "../../../tests/factories/routes.ts";
import * as deleteAccountRoute from "~/routes/account.delete.tsx";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import {
  bookPlace,
  cancelBooking,
  cancelEvent,
  confirmedCounts,
  getMyBooking,
  listMyBookings,
  removeExpiredBookingDetails,
} from "./bookings.server.ts";
import { getEventAttendees, setJoiningUrl } from "./organise.server.ts";
import { loadEventSource } from "./load-events.server.ts";
import { publishEvent } from "./publish-events.server.ts";

/**
 * Booking, the waiting list and the emails they send (docs/decisions/0056), on this file's database
 * (both databases in CI), with the emails delivered by the job queue to a real SMTP server and their
 * calendar parts read back with ical.js.
 */
const ORIGIN = "https://pathways.example";

/** Accounts made directly: many tests need dozens of people, and hashing a password each is slow. */
async function people(n: number, prefix = "person") {
  const tag = crypto.randomBytes(4).toString("hex");
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const email = `${prefix}-${i}-${tag}@school.example`;
      const user = await prisma.user.create({
        data: {
          email,
          name: `${prefix} ${i}`,
          passwordHash: "x",
          organisationName: "A School",
          organisationType: "primary-school",
          roleInSchool: "class-teacher",
        },
      });
      return { id: user.id, email };
    }),
  );
}

const book = (userId: string, eventId: string, form = {}) => bookPlace({ userId, eventId, form, origin: ORIGIN });

function calendarOf(email: { calendars: { contentType: string; content: string }[] } | undefined) {
  const part = email?.calendars.find((c) => c.contentType.includes("method"));
  if (!part) throw new Error("no text/calendar invitation part in the email");
  const calendar = new ICAL.Component(ICAL.parse(part.content));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return {
    method: calendar.getFirstPropertyValue("method"),
    contentType: part.contentType,
    events: calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v)),
  };
}

const emailsTo = (email: string) => sentEmails().filter((m) => m.to === email);
/** The emails to `email` whose subject starts with `prefix`: the queue may deliver a batch in any order. */
const emailsStarting = (email: string, prefix: string) => emailsTo(email).filter((m) => m.subject.startsWith(prefix));

describe("booking a place", () => {
  it("confirms a place, emails an invitation with one entry per session, and booking twice changes nothing", async () => {
    const eventId = await createEvent({
      capacity: 10,
      sessions: [
        { id: "one", date: daysFromNow(10), start: "16:00", end: "17:30" },
        { id: "two", date: daysFromNow(17), start: "16:00", end: "17:30" },
      ],
    });
    const [teacher] = await people(1);
    expect(await book(teacher!.id, eventId)).toEqual({ status: "confirmed", created: true, waitingPosition: 0 });
    expect(await book(teacher!.id, eventId)).toEqual({ status: "confirmed", created: false, waitingPosition: 0 });
    await runJobsUntilIdle();

    const mails = emailsTo(teacher!.email);
    expect(mails.map((m) => m.subject)).toEqual(["Your place is booked: Teaching with physical computing in KS2"]);
    expect(mails[0]!.text).toContain(`${ORIGIN}/events/${eventId}`);
    const invite = calendarOf(mails[0]);
    expect(invite.method).toBe("REQUEST");
    expect(invite.contentType).toMatch(/method=REQUEST/i);
    expect(invite.events.map((e) => e.uid)).toEqual([
      expect.stringMatching(/^booking-.+\.one@pathways\.example$/),
      expect.stringMatching(/^booking-.+\.two@pathways\.example$/),
    ]);
    expect(invite.events.map((e) => e.sequence)).toEqual([0, 0]);
    expect(invite.events[0]!.startDate.zone.tzid).toBe("Europe/London");
    expect(invite.events[0]!.startDate.toString()).toBe(`${daysFromNow(10)}T16:00:00`);
    expect(String(invite.events[0]!.attendees[0]!.getFirstValue()).toLowerCase()).toBe(`mailto:${teacher!.email}`);
    expect(mails[0]!.calendars.map((c) => c.filename)).toEqual([null, "invite.ics"]); // the invitation and the attachment
    expect((await confirmedCounts([eventId])).get(eventId)).toBe(1);
    expect((await listMyBookings(teacher!.id)).map((b) => [b.eventId, b.status])).toEqual([[eventId, "confirmed"]]);
  });

  it("keeps access needs and dietary requirements only for events attended in person", async () => {
    const online = await createEvent();
    const inPerson = await createEvent({
      format: "in-person",
      online: undefined,
      venue: { name: "Town library", address: "1 High Street", accessibility: "Step-free access." },
    });
    const [teacher] = await people(1);
    const form = { accessNeeds: "I use a wheelchair.", dietary: "Vegetarian" };
    await book(teacher!.id, online, form);
    await book(teacher!.id, inPerson, form);
    expect(await getMyBooking(teacher!.id, online)).toMatchObject({ accessNeeds: null, dietary: null });
    expect(await getMyBooking(teacher!.id, inPerson)).toMatchObject({ accessNeeds: "I use a wheelchair.", dietary: "Vegetarian" });
    // Cancelling removes them at once.
    await cancelBooking({ userId: teacher!.id, eventId: inPerson });
    const row = await prisma.eventBooking.findUniqueOrThrow({ where: { eventId_userId: { eventId: inPerson, userId: teacher!.id } } });
    expect(row).toMatchObject({ status: "cancelled", accessNeeds: null, dietary: null });
  });

  it("refuses before booking opens, after it closes, once the event has started, and for an event that does not exist", async () => {
    const [teacher] = await people(1);
    const notOpen = await createEvent({ booking: { opens: daysFromNow(3) } });
    // Started yesterday (a session earlier today would still be ahead just after midnight).
    const started = await createEvent({ sessions: [{ id: "s", date: daysFromNow(-1), start: "10:00", end: "11:00" }] });
    const message = async (eventId: string) => {
      const error = await book(teacher!.id, eventId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).message;
    };
    expect(await message(notOpen)).toBe("Booking has not opened yet.");
    expect(await message(started)).toMatch(/has started|has closed/);
    expect(await message("no-such-event")).toBe("This event does not exist.");
    expect(await prisma.eventBooking.count({ where: { userId: teacher!.id } })).toBe(0);
  });
});

describe("personal details and the joining link", () => {
  it("deletes access and dietary details once the event is over plus 30 days, and not before", async () => {
    const eventId = await createEvent({
      format: "hybrid",
      venue: { name: "Town library", address: "1 High Street", accessibility: "Step-free access." },
    });
    const [teacher] = await people(1);
    await book(teacher!.id, eventId, { accessNeeds: "BSL interpreter", dietary: "Halal" });
    const { endsAt } = await prisma.event.findUniqueOrThrow({ where: { id: eventId } });
    await removeExpiredBookingDetails({ now: new Date(endsAt.getTime() + 29 * 86_400_000) });
    expect(await getMyBooking(teacher!.id, eventId)).toMatchObject({ accessNeeds: "BSL interpreter", dietary: "Halal" });
    expect(await removeExpiredBookingDetails({ now: new Date(endsAt.getTime() + 31 * 86_400_000) })).toBeGreaterThanOrEqual(1);
    expect(await getMyBooking(teacher!.id, eventId)).toMatchObject({ status: "confirmed", accessNeeds: null, dietary: null });
  });

  it("shows the joining link only to people with a place, and emails it to them once per new link", async () => {
    const eventId = await createEvent({ capacity: 1 });
    const [booked, waiting] = await people(2);
    await book(booked!.id, eventId);
    await book(waiting!.id, eventId);
    expect(await setJoiningUrl(eventId, "https://meet.example/abc")).toBe(1);
    expect(await setJoiningUrl(eventId, "https://meet.example/abc")).toBe(0);
    await runJobsUntilIdle();
    expect(emailsStarting(booked!.email, "Joining link")[0]!.text).toContain("https://meet.example/abc");
    expect(emailsStarting(waiting!.email, "Joining link")).toEqual([]);
    expect((await getMyBooking(booked!.id, eventId))?.joiningUrl).toBe("https://meet.example/abc");
    expect((await getMyBooking(waiting!.id, eventId))?.joiningUrl).toBeNull();
    const attendees = await getEventAttendees(eventId);
    expect(attendees?.confirmed.map((a) => a.email)).toEqual([booked!.email]);
    expect(attendees?.waiting.map((a) => a.email)).toEqual([waiting!.email]);
  });
});

describe("the waiting list", () => {
  it("puts people on the waiting list when full and gives a freed place to the first person waiting, with an invitation", async () => {
    const eventId = await createEvent({ capacity: 2 });
    const [a, b, c, d] = await people(4);
    await book(a!.id, eventId);
    await book(b!.id, eventId);
    expect(await book(c!.id, eventId)).toMatchObject({ status: "waiting", waitingPosition: 1 });
    expect(await book(d!.id, eventId)).toMatchObject({ status: "waiting", waitingPosition: 2 });

    expect(await cancelBooking({ userId: a!.id, eventId })).toBe(true);
    expect(await cancelBooking({ userId: a!.id, eventId })).toBe(false);
    expect(await getMyBooking(c!.id, eventId)).toMatchObject({ status: "confirmed" });
    expect(await getMyBooking(d!.id, eventId)).toMatchObject({ status: "waiting", waitingPosition: 1 });
    expect((await confirmedCounts([eventId])).get(eventId)).toBe(2);
    await runJobsUntilIdle();

    expect(
      emailsTo(c!.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual([
      "A place has come up for you: Teaching with physical computing in KS2",
      "You are on the waiting list: Teaching with physical computing in KS2",
    ]);
    expect(emailsStarting(c!.email, "You are on the waiting list")[0]!.calendars).toEqual([]);
    expect(calendarOf(emailsStarting(c!.email, "A place has come up")[0]).method).toBe("REQUEST");
    const cancelled = calendarOf(emailsStarting(a!.email, "Booking cancelled")[0]);
    const booked = calendarOf(emailsStarting(a!.email, "Your place is booked")[0]);
    expect(cancelled.method).toBe("CANCEL");
    expect(cancelled.events[0]!.uid).toBe(booked.events[0]!.uid);
    expect(cancelled.events[0]!.sequence).toBeGreaterThan(booked.events[0]!.sequence);
    expect(cancelled.events[0]!.component.getFirstPropertyValue("status")).toBe("CANCELLED");

    // Booking again reuses the UIDs, one SEQUENCE above the cancellation, and joins the back of the list.
    expect(await book(a!.id, eventId)).toMatchObject({ status: "waiting", waitingPosition: 2 });
    await cancelBooking({ userId: b!.id, eventId });
    expect(await getMyBooking(d!.id, eventId)).toMatchObject({ status: "confirmed" });
    await cancelBooking({ userId: c!.id, eventId });
    await runJobsUntilIdle();
    const again = calendarOf(emailsStarting(a!.email, "A place has come up")[0]);
    expect(again.method).toBe("REQUEST");
    expect(again.events[0]!.uid).toBe(booked.events[0]!.uid);
    expect(again.events[0]!.sequence).toBeGreaterThan(cancelled.events[0]!.sequence);
  });

  it("promotes nobody once the event has started", async () => {
    const eventId = await createEvent({ capacity: 1 });
    const [a, b] = await people(2);
    await book(a!.id, eventId);
    await book(b!.id, eventId);
    const event = await prisma.event.findUniqueOrThrow({ where: { id: eventId } });
    // Cancelling is refused once the event has started, and nobody is promoted.
    const error = await cancelBooking({ userId: a!.id, eventId, now: new Date(event.startsAt.getTime() + 60_000) }).catch(
      (e: unknown) => e,
    );
    expect((error as AppError).code).toBe("conflict");
    expect(await getMyBooking(b!.id, eventId)).toMatchObject({ status: "waiting" });
  });

  it("gives the places a larger capacity adds to the people waiting when the file is published again", async () => {
    const fields = eventFields({ capacity: 1 });
    const eventId = String(fields.id);
    await createEvent(fields);
    const [a, b, c] = await people(3);
    for (const p of [a, b, c]) await book(p!.id, eventId);
    const republished = await loadEventSource(`${eventId}.md`, eventSource({ ...fields, capacity: 2 }));
    if (!republished.ok) throw new Error("refused");
    await publishEvent(republished.event);
    expect((await getMyBooking(b!.id, eventId))?.status).toBe("confirmed");
    expect((await getMyBooking(c!.id, eventId))?.status).toBe("waiting");
  });
});

describe("changes to a booked event", () => {
  it("sends attendees an update with a higher SEQUENCE when a session's time changes, and a CANCEL for a removed session", async () => {
    const fields = eventFields({
      sessions: [
        { id: "one", date: daysFromNow(10), start: "16:00", end: "17:00" },
        { id: "two", date: daysFromNow(17), start: "16:00", end: "17:00" },
      ],
    });
    const eventId = String(fields.id);
    await createEvent(fields);
    const [attendee, leaver] = await people(2);
    await book(attendee!.id, eventId);
    await book(leaver!.id, eventId);
    await cancelBooking({ userId: leaver!.id, eventId });

    const moved = { ...fields, sessions: [{ id: "one", date: daysFromNow(11), start: "15:30", end: "16:30" }] };
    const loaded = await loadEventSource(`${eventId}.md`, eventSource(moved));
    if (!loaded.ok) throw new Error("refused");
    await publishEvent(loaded.event);
    await publishEvent(loaded.event); // unchanged: nothing more is sent
    await runJobsUntilIdle();

    // The queue may deliver them in any order: SEQUENCE, not arrival, tells a calendar which is newer.
    const mails = emailsTo(attendee!.email);
    const titled = (subject: string) => mails.find((m) => m.subject === `${subject}: Teaching with physical computing in KS2`);
    expect(mails).toHaveLength(3);
    const first = calendarOf(titled("Your place is booked"));
    const removed = calendarOf(titled("Session removed"));
    const update = calendarOf(titled("Changed"));
    expect(removed.method).toBe("CANCEL");
    expect(removed.events.map((e) => e.uid)).toEqual([first.events[1]!.uid]);
    expect(removed.events[0]!.sequence).toBeGreaterThan(first.events[1]!.sequence);
    expect(update.events.map((e) => e.uid)).toEqual([first.events[0]!.uid]);
    expect(update.events[0]!.sequence).toBe(first.events[0]!.sequence + 1);
    expect(update.events[0]!.startDate.toString()).toBe(`${daysFromNow(11)}T15:30:00`);
    // Someone who cancelled is not told about changes.
    expect(emailsTo(leaver!.email).map((m) => m.subject)).not.toContain("Changed: Teaching with physical computing in KS2");
  });

  it("cancels the event for everyone: a CANCEL to those booked, a notice to those waiting, and no more bookings", async () => {
    const eventId = await createEvent({ capacity: 1 });
    const [a, b, late] = await people(3);
    await book(a!.id, eventId);
    await book(b!.id, eventId);
    expect(await cancelEvent({ eventId, reason: "The facilitator is unwell; we will run it next term." })).toBe(2);
    expect(await cancelEvent({ eventId, reason: "again" })).toBe(0);
    await runJobsUntilIdle();
    const toA = emailsStarting(a!.email, "Event cancelled")[0]!;
    expect(toA.subject).toBe("Event cancelled: Teaching with physical computing in KS2");
    expect(toA.text).toContain("The facilitator is unwell");
    expect(calendarOf(toA).method).toBe("CANCEL");
    expect(emailsStarting(b!.email, "Event cancelled")[0]!.calendars).toEqual([]);
    expect((await book(late!.id, eventId).catch((e: unknown) => e)) as AppError).toMatchObject({
      message: "This event has been cancelled.",
    });
    expect((await listMyBookings(a!.id)).map((m) => [m.status, m.eventCancelled])).toEqual([["cancelled", true]]);
  });
});

describe("capacity under load", () => {
  it("gives 50 simultaneous bookings for the last 5 places exactly 5 places and 45 waiting-list places, in order", async () => {
    const eventId = await createEvent({ capacity: 50 });
    const early = await people(45, "early");
    for (const p of early) await book(p.id, eventId);
    const rush = await people(50, "rush");
    const outcomes = await Promise.all(rush.map((p) => book(p.id, eventId)));

    expect(outcomes.filter((o) => o.status === "confirmed")).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === "waiting")).toHaveLength(45);
    expect(
      outcomes
        .filter((o) => o.status === "waiting")
        .map((o) => o.waitingPosition)
        .sort((x, y) => x - y),
    ).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(await prisma.eventBooking.count({ where: { eventId, status: "confirmed" } })).toBe(50);
    expect(await prisma.eventBooking.count({ where: { eventId, status: "waiting" } })).toBe(45);
  });
});

describe("deleting an account", () => {
  it("passes the deleted person's place to the first person waiting", async () => {
    const eventId = await createEvent({ capacity: 1 });
    const leaving = await createUser();
    const [waiting] = await people(1);
    await book(leaving.id, eventId);
    await book(waiting!.id, eventId);
    // As the account-deletion page does it (a form post to its action).
    const answer = await callRoute(deleteAccountRoute.action as Handler, "/account/delete", {}, leaving.cookie, {
      password: leaving.password,
      confirm: "yes",
    });
    expect([302, 303], answer.body).toContain(answer.status);
    expect(await getMyBooking(waiting!.id, eventId)).toMatchObject({ status: "confirmed" });
    expect(await prisma.eventBooking.count({ where: { userId: leaving.id } })).toBe(0);
  });
});
