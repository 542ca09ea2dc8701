import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEvent, daysFromNow } from "../../../tests/factories/events.ts";
import { prisma } from "~/utils/db.server.ts";
import { AppError } from "~/utils/errors.ts";
import {
  attendanceSummary,
  checkIn,
  getRegister,
  issueAttendanceCertificates,
  issueDueAttendanceCertificates,
  listAttendedEvents,
  saveRegister,
} from "./attendance.server.ts";
import { bookPlace } from "./bookings.server.ts";

/** Registers and check-in on this file's database (both in CI). */
async function person() {
  const tag = crypto.randomBytes(4).toString("hex");
  const user = await prisma.user.create({
    data: {
      email: `att-${tag}@school.example`,
      name: `Person ${tag}`,
      passwordHash: "x",
      organisationName: "A School",
      organisationType: "primary-school",
      roleInSchool: "class-teacher",
    },
  });
  return user.id;
}

async function threeSessionEvent() {
  const eventId = await createEvent({
    cpdHours: 6,
    capacity: 2,
    sessions: [
      { id: "one", date: daysFromNow(3), start: "16:00", end: "18:00" },
      { id: "two", date: daysFromNow(10), start: "16:00", end: "18:00" },
      { id: "three", date: daysFromNow(17), start: "16:00", end: "18:00" },
    ],
  });
  const sessions = await prisma.eventSession.findMany({ where: { eventId }, orderBy: { position: "asc" } });
  return { eventId, sessions };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as AppError,
  );

describe("self check-in", () => {
  it("checks in someone with a place with the session's code, only while check-in is open, once", async () => {
    const { eventId, sessions } = await threeSessionEvent();
    const [booked, waiting] = [await person(), await person()];
    await bookPlace({ userId: booked, eventId, form: {}, origin: "http://localhost" });
    const register = await getRegister(eventId, "one");
    const code = register!.checkIn.code;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect((await getRegister(eventId, "one"))!.checkIn.code).toBe(code); // made once

    const start = sessions[0]!.startsAt.getTime();
    expect((await errorOf(checkIn({ userId: booked, eventId, code, now: new Date(start - 31 * 60_000) })))?.message).toMatch(
      /opens 30 minutes/,
    );
    expect((await errorOf(checkIn({ userId: booked, eventId, code: "AAAAAA", now: new Date(start) })))?.message).toMatch(/does not match/);
    expect(await checkIn({ userId: booked, eventId, code, now: new Date(start + 20 * 60_000) })).toMatchObject({
      status: "late",
      already: false,
    });
    expect(await checkIn({ userId: booked, eventId, code, now: new Date(start + 21 * 60_000) })).toMatchObject({ already: true });
    const after = sessions[0]!.endsAt.getTime() + 16 * 60_000;
    expect((await errorOf(checkIn({ userId: booked, eventId, code, now: new Date(after) })))?.message).toMatch(/has closed/);

    // Nobody without a place, even with the right code at the right time.
    await bookPlace({ userId: await person(), eventId, form: {}, origin: "http://localhost" }); // fills the event
    await bookPlace({ userId: waiting, eventId, form: {}, origin: "http://localhost" });
    expect((await errorOf(checkIn({ userId: waiting, eventId, code, now: new Date(start) })))?.code).toBe("forbidden");
    expect((await errorOf(checkIn({ userId: await person(), eventId, code, now: new Date(start) })))?.code).toBe("forbidden");
  });

  it("a code from another event does not check anyone in here", async () => {
    const first = await threeSessionEvent();
    const second = await threeSessionEvent();
    const userId = await person();
    await bookPlace({ userId, eventId: second.eventId, form: {}, origin: "http://localhost" });
    const otherCode = (await getRegister(first.eventId, "one"))!.checkIn.code;
    await getRegister(second.eventId, "one");
    const error = await errorOf(checkIn({ userId, eventId: second.eventId, code: otherCode, now: second.sessions[0]!.startsAt }));
    expect(error?.message).toMatch(/does not match/);
  });
});

describe("the register", () => {
  it("records each person's attendance, has the last word over a check-in, and earns CPD hours for the sessions attended", async () => {
    const { eventId, sessions } = await threeSessionEvent();
    const [a, b] = [await person(), await person()];
    for (const userId of [a, b]) await bookPlace({ userId, eventId, form: {}, origin: "http://localhost" });
    const bookingOf = async (userId: string) => (await prisma.eventBooking.findFirstOrThrow({ where: { eventId, userId } })).id;
    const [ba, bb] = [await bookingOf(a), await bookingOf(b)];
    const organiser = await person();
    const code = (await getRegister(eventId, "one"))!.checkIn.code;
    await checkIn({ userId: a, eventId, code, now: sessions[0]!.startsAt });

    const onDay = (i: number) => new Date(sessions[i]!.startsAt.getTime() + 60_000);
    await saveRegister({
      eventId,
      sessionKey: "one",
      entries: [
        { bookingId: ba, status: "left-early" },
        { bookingId: bb, status: "absent" },
      ],
      recordedBy: organiser,
      now: onDay(0),
    });
    await saveRegister({
      eventId,
      sessionKey: "two",
      entries: [
        { bookingId: ba, status: "present" },
        { bookingId: bb, status: "present" },
      ],
      recordedBy: organiser,
      now: onDay(1),
    });
    const register = await getRegister(eventId, "one");
    expect(register!.rows.map((r) => [r.bookingId === ba ? "a" : "b", r.status, r.method]).sort()).toEqual([
      ["a", "left-early", "register"],
      ["b", "absent", "register"],
    ]);
    // a: 2 of 3 sessions (leaving early still counts) = 4 of 6 hours; b: 1 of 3 = 2.
    expect(await attendanceSummary(a, eventId)).toEqual({ attended: 2, sessions: 3, hours: 4 });
    expect(await attendanceSummary(b, eventId)).toEqual({ attended: 1, sessions: 3, hours: 2 });
  });

  it("refuses a booking from another event, and a register more than a day before the session", async () => {
    const { eventId, sessions } = await threeSessionEvent();
    const other = await threeSessionEvent();
    const intruder = await person();
    await bookPlace({ userId: intruder, eventId: other.eventId, form: {}, origin: "http://localhost" });
    const foreign = (await prisma.eventBooking.findFirstOrThrow({ where: { userId: intruder } })).id;
    const onDay = new Date(sessions[0]!.startsAt.getTime());
    expect(
      (
        await errorOf(
          saveRegister({
            eventId,
            sessionKey: "one",
            entries: [{ bookingId: foreign, status: "present" }],
            recordedBy: intruder,
            now: onDay,
          }),
        )
      )?.code,
    ).toBe("conflict");
    expect((await errorOf(saveRegister({ eventId, sessionKey: "three", entries: [], recordedBy: intruder, now: onDay })))?.message).toMatch(
      /opens on the day/,
    );
    expect((await errorOf(saveRegister({ eventId, sessionKey: "nope", entries: [], recordedBy: intruder, now: onDay })))?.code).toBe(
      "not-found",
    );
    expect(await prisma.eventAttendance.count({ where: { bookingId: foreign } })).toBe(0);
  });
});

describe("CPD hours and certificates of attendance", () => {
  it("issues a certificate once the event is over to those at or above the threshold; below it the hours still count", async () => {
    const eventId = await createEvent({
      cpdHours: 6,
      capacity: 5,
      attendanceThreshold: 66,
      sessions: [
        { id: "one", date: daysFromNow(-20), start: "16:00", end: "18:00" },
        { id: "two", date: daysFromNow(-13), start: "16:00", end: "18:00" },
        { id: "three", date: daysFromNow(-6), start: "16:00", end: "18:00" },
      ],
    });
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    const [most, one, unverified] = [await person(), await person(), await person()];
    await prisma.user.updateMany({ where: { id: { in: [most, one] } }, data: { emailVerifiedAt: monthAgo } });
    for (const userId of [most, one, unverified])
      await bookPlace({ userId, eventId, form: {}, origin: "https://pathways.example", now: monthAgo });
    const bookingOf = async (userId: string) => (await prisma.eventBooking.findFirstOrThrow({ where: { eventId, userId } })).id;
    const mark = async (userId: string, sessionKey: string, status: string) =>
      prisma.eventAttendance.create({ data: { bookingId: await bookingOf(userId), sessionKey, status, method: "register" } });
    await mark(most, "one", "present");
    await mark(most, "two", "absent");
    await mark(most, "three", "left-early");
    await mark(one, "two", "present");
    await mark(unverified, "one", "present");
    await mark(unverified, "two", "present");

    // Not before the end of the last session.
    const sessions = await prisma.eventSession.findMany({ where: { eventId }, orderBy: { position: "asc" } });
    expect(await issueAttendanceCertificates(eventId, { now: new Date(sessions[2]!.endsAt.getTime() - 1) })).toBe(0);
    expect(await issueAttendanceCertificates(eventId)).toBe(1); // the unverified address waits
    expect(await issueAttendanceCertificates(eventId)).toBe(0);

    const certificate = await prisma.certificate.findFirstOrThrow({ where: { userId: most, moduleId: `event:${eventId}` } });
    expect(certificate).toMatchObject({ cpdHours: 4, completedAt: sessions[2]!.endsAt });
    expect(await prisma.certificate.count({ where: { userId: one, moduleId: `event:${eventId}` } })).toBe(0);

    expect(await listAttendedEvents(most)).toEqual([expect.objectContaining({ eventId, hours: 4, certificateId: certificate.id })]);
    expect(await listAttendedEvents(one)).toEqual([
      expect.objectContaining({ eventId, hours: 2, certificateId: null, attendedOn: sessions[1]!.endsAt }),
    ]);
    // Once their address is confirmed, the hourly job issues theirs.
    await prisma.user.update({ where: { id: unverified }, data: { emailVerifiedAt: new Date() } });
    expect(await issueDueAttendanceCertificates()).toBeGreaterThanOrEqual(1);
    expect(await prisma.certificate.count({ where: { userId: unverified, moduleId: `event:${eventId}` } })).toBe(1);
  });
});
