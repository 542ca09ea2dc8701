/**
 * Booking and organising live events (docs/decisions/0056), attacked at the route level: the
 * organisers' pages are for organisers and admins only (loader and action); the joining link and
 * attendees' details reach nobody else; bad input is a 400 with a message, never a 500, and changes
 * nothing.
 */
import { describe, expect, it } from "vitest";
import { createEvent } from "../factories/events.ts";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import * as eventRoute from "~/routes/events.$eventId.tsx";
import * as organiseEventRoute from "~/routes/organise.events.$eventId.tsx";
import * as organiseRoute from "~/routes/organise._index.tsx";
import * as registerRoute from "~/routes/organise.events.$eventId_.register.tsx";
import * as editEventRoute from "~/routes/organise.events.$eventId_.edit.tsx";
import * as eventFileRoute from "~/routes/organise.events.$eventId_.event[.]md.ts";
import * as newEventRoute from "~/routes/organise.events.new.tsx";
import * as checkInRoute from "~/routes/events.$eventId_.check-in.tsx";
import * as feedbackRoute from "~/routes/events.$eventId_.feedback.tsx";
import { bookPlace } from "~/modules/events/bookings.server.ts";
import { setJoiningUrl } from "~/modules/events/organise.server.ts";
import { prisma } from "~/utils/db.server.ts";

const eventLoader = eventRoute.loader as Handler;
const eventAction = eventRoute.action as Handler;
const organiseLoader = organiseRoute.loader as Handler;
const attendeesLoader = organiseEventRoute.loader as Handler;
const attendeesAction = organiseEventRoute.action as Handler;
const registerLoader = registerRoute.loader as Handler;
const registerAction = registerRoute.action as Handler;
const checkInAction = checkInRoute.action as Handler;
const feedbackAction = feedbackRoute.action as Handler;
const LINK = "https://meet.example/secret-room-42";

async function bookedEvent() {
  const eventId = await createEvent({
    capacity: 1,
    format: "hybrid",
    venue: { name: "Town library", address: "1 High Street", accessibility: "Step-free access." },
  });
  const attendee = await createUser({ name: "Ada Attendee" });
  await bookPlace({ userId: attendee.id, eventId, form: { accessNeeds: "Needs a hearing loop" }, origin: "http://localhost" });
  await setJoiningUrl(eventId, LINK);
  return { eventId, attendee };
}

describe("organisers' pages", () => {
  it("send anonymous visitors to sign in and refuse learners and authors, for GET and POST; nothing changes", async () => {
    const { eventId, attendee } = await bookedEvent();
    const { id: bookingId } = await prisma.eventBooking.findFirstOrThrow({ where: { eventId, userId: attendee.id } });
    const learner = await createUser();
    const author = await createUser({ roles: ["author"] });
    const leader = await createUser({ roles: ["leader"] });
    const url = `/organise/events/${eventId}`;
    for (const cookie of [undefined, learner.cookie, author.cookie, leader.cookie]) {
      const answers = [
        await callRoute(registerLoader, `${url}/register`, { eventId }, cookie),
        await callRoute(registerAction, `${url}/register`, { eventId }, cookie, { session: "session", [`status:${bookingId}`]: "absent" }),
        await callRoute(organiseLoader, "/organise", {}, cookie),
        await callRoute(attendeesLoader, url, { eventId }, cookie),
        await callRoute(attendeesAction, url, { eventId }, cookie, { intent: "cancel-event", reason: "Cancelled by someone who may not." }),
        await callRoute(attendeesAction, url, { eventId }, cookie, { intent: "joining-link", joiningUrl: "https://evil.example/phish" }),
        await callRoute(newEventRoute.loader as Handler, "/organise/events/new", {}, cookie),
        await callRoute(newEventRoute.action as Handler, "/organise/events/new", {}, cookie, { title: "An event by someone who may not" }),
        await callRoute(editEventRoute.loader as Handler, `${url}/edit`, { eventId }, cookie),
        await callRoute(editEventRoute.action as Handler, `${url}/edit`, { eventId }, cookie, { title: "Renamed by someone who may not" }),
        await callRoute(eventFileRoute.loader as Handler, `${url}/event.md`, { eventId }, cookie),
      ];
      for (const answer of answers) {
        if (cookie) expect(answer.status).toBe(403);
        else expect([302, 303]).toContain(answer.status);
        expect(answer.body).not.toContain("Ada Attendee");
        expect(answer.body).not.toContain("hearing loop");
      }
    }
    expect(await prisma.event.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({
      cancelledAt: null,
      joiningUrl: LINK,
      title: "Teaching with physical computing in KS2",
    });
    expect(await prisma.event.count({ where: { title: "An event by someone who may not" } })).toBe(0);
    expect(await prisma.eventAttendance.count({ where: { bookingId } })).toBe(0);
    // Nor is the check-in code shown to them (it was never made).
    expect((await prisma.eventSession.findFirstOrThrow({ where: { eventId } })).checkInCode).toBeNull();
  });

  it("refuse a check-in from someone without a place, and bad codes, with a message and nothing recorded", async () => {
    const { eventId } = await bookedEvent();
    const organiser = await createUser({ roles: ["organiser"] });
    const register = await callRoute(registerLoader, `/organise/events/${eventId}/register`, { eventId }, organiser.cookie);
    expect(register.status).toBe(200);
    const code = (await prisma.eventSession.findFirstOrThrow({ where: { eventId } })).checkInCode!;
    expect(register.body).toContain(code);
    const stranger = await createUser();
    const url = `/events/${eventId}/check-in`;
    const notBooked = await callRoute(checkInAction, url, { eventId }, stranger.cookie, { code });
    expect(notBooked.status).toBe(403);
    expect(notBooked.body).toContain("Only people with a place");
    for (const bad of ["", "x".repeat(5000), "AB"]) {
      expect((await callRoute(checkInAction, url, { eventId }, stranger.cookie, { code: bad })).status).toBe(400);
    }
    const anonymous = await callRoute(checkInAction, url, { eventId }, undefined, { code });
    expect([302, 303]).toContain(anonymous.status);
    expect(await prisma.eventAttendance.count()).toBe(0);
  });

  it("show an organiser the attendees and refuse a joining link that is not an https address", async () => {
    const { eventId } = await bookedEvent();
    const organiser = await createUser({ roles: ["organiser"] });
    const page = await callRoute(attendeesLoader, `/organise/events/${eventId}`, { eventId }, organiser.cookie);
    expect(page.status).toBe(200);
    expect(page.body).toContain("Ada Attendee");
    expect(page.body).toContain("Needs a hearing loop");
    for (const joiningUrl of ["javascript:alert(1)", "http://meet.example/plain", "not a link", `https://x.example/${"a".repeat(2100)}`]) {
      const answer = await callRoute(attendeesAction, `/organise/events/${eventId}`, { eventId }, organiser.cookie, {
        intent: "joining-link",
        joiningUrl,
      });
      expect(answer.status).toBe(400);
    }
    const shortReason = await callRoute(attendeesAction, `/organise/events/${eventId}`, { eventId }, organiser.cookie, {
      intent: "cancel-event",
      reason: "no",
    });
    expect(shortReason.status).toBe(400);
    const unknown = await callRoute(attendeesAction, `/organise/events/${eventId}`, { eventId }, organiser.cookie, { intent: "delete" });
    expect(unknown.status).toBe(400);
    const missing = await callRoute(attendeesLoader, "/organise/events/nope", { eventId: "nope" }, organiser.cookie);
    expect(missing.status).toBe(404);
    expect(await prisma.event.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({ cancelledAt: null, joiningUrl: LINK });
  });
});

describe("the event page", () => {
  it("shows the joining link to the person with a place and to nobody else, and never other attendees", async () => {
    const { eventId, attendee } = await bookedEvent();
    const waiting = await createUser();
    await bookPlace({ userId: waiting.id, eventId, form: {}, origin: "http://localhost" });
    const stranger = await createUser();
    const url = `/events/${eventId}`;
    const mine = await callRoute(eventLoader, url, { eventId }, attendee.cookie);
    expect(mine.body).toContain(LINK);
    for (const cookie of [undefined, waiting.cookie, stranger.cookie]) {
      const page = await callRoute(eventLoader, url, { eventId }, cookie);
      expect(page.status).toBe(200);
      expect(page.body).not.toContain(LINK);
      expect(page.body).not.toContain("Ada Attendee");
      expect(page.body).not.toContain("hearing loop");
    }
  });

  it("refuses to book for someone not signed in, and answers bad input with 400 and a message, booking nothing", async () => {
    const eventId = await createEvent({
      format: "in-person",
      online: undefined,
      venue: { name: "Town library", address: "1 High Street", accessibility: "Step-free access." },
    });
    const url = `/events/${eventId}`;
    const anonymous = await callRoute(eventAction, url, { eventId }, undefined, { intent: "book" });
    expect([302, 303]).toContain(anonymous.status);
    const teacher = await createUser();
    const tooLong = await callRoute(eventAction, url, { eventId }, teacher.cookie, { intent: "book", accessNeeds: "x".repeat(5000) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toContain("Keep access needs to 1000 characters or fewer.");
    const unknown = await callRoute(eventAction, url, { eventId }, teacher.cookie, { intent: "steal" });
    expect(unknown.status).toBe(400);
    const nowhere = await callRoute(eventAction, "/events/no-such-event", { eventId: "no-such-event" }, teacher.cookie, { intent: "book" });
    expect(nowhere.status).toBe(404);
    // Cancelling what you never booked changes nothing and is not an error.
    const cancel = await callRoute(eventAction, url, { eventId }, teacher.cookie, { intent: "cancel" });
    expect([302, 303]).toContain(cancel.status);
    expect(await prisma.eventBooking.count({ where: { eventId } })).toBe(0);
  });
});

describe("feedback", () => {
  it("is refused to people who did not attend, and bad input is a 400; nothing is stored", async () => {
    const { eventId, attendee } = await bookedEvent();
    const url = `/events/${eventId}/feedback`;
    const form = { score: "6", quoteConsent: "name-and-school", comment: "Brilliant" };
    const stranger = await createUser();
    // Not over yet, and not attended: refused beside the form.
    expect((await callRoute(feedbackAction, url, { eventId }, attendee.cookie, form)).status).toBe(403);
    expect((await callRoute(feedbackAction, url, { eventId }, stranger.cookie, form)).status).toBe(403);
    expect([302, 303]).toContain((await callRoute(feedbackAction, url, { eventId }, undefined, form)).status);
    for (const bad of [
      { ...form, score: "7" },
      { ...form, score: "" },
      { ...form, quoteConsent: "everyone" },
      { ...form, comment: "x".repeat(5000) },
    ]) {
      expect((await callRoute(feedbackAction, url, { eventId }, attendee.cookie, bad)).status).toBe(400);
    }
    expect(await prisma.eventFeedback.count({ where: { eventId } })).toBe(0);
  });
});
