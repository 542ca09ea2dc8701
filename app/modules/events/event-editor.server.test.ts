import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { createEvent, daysFromNow, eventFields } from "../../../tests/factories/events.ts";
import { sentEmails } from "../../../tests/setup/mail.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { bookPlace } from "./bookings.server.ts";
import { emptyEditor, type EventEditorValue } from "./event-editor.ts";
import { getEventFile, getEventForEditing, saveEventFromEditor } from "./event-editor.server.ts";
import { publishEvents } from "./publish-events.server.ts";

/**
 * The organisers' editor (docs/decisions/0059) on this file's database (both in CI): what it publishes,
 * what it refuses (with the file check's messages on the form's fields, and nothing written), the
 * checks it makes under the event's lock, and how it and files under events/ keep out of each other's way.
 */
const ORIGIN = "https://pathways.example";

function newEventForm(overrides: Partial<EventEditorValue> = {}): EventEditorValue {
  const tag = crypto.randomBytes(3).toString("hex");
  return {
    ...emptyEditor("Pathways programme team"),
    title: `Assessment without levels in KS3 computing ${tag}`,
    summary: "An online twilight on designing assessment for KS3 computing that shows progress without levels.",
    description: "## What we will do\n\nLook at three ways schools assess KS3 computing, and plan one unit's assessment.",
    format: "online",
    audience: ["secondary-computing-teachers"],
    keyStages: ["KS3"],
    topics: "assessment",
    capacity: "12",
    cpdHours: "1.5",
    platform: "Microsoft Teams",
    sessions: [
      { id: "", title: "", date: daysFromNow(20), start: "16:00", end: "17:30" },
      { id: "", title: "", date: "", start: "", end: "" },
    ],
    ...overrides,
  };
}

async function person(prefix: string) {
  const email = `${prefix}-${crypto.randomBytes(4).toString("hex")}@school.example`;
  const user = await prisma.user.create({
    data: {
      email,
      name: prefix,
      passwordHash: "x",
      organisationName: "A School",
      organisationType: "secondary-school",
      roleInSchool: "class-teacher",
    },
  });
  return { id: user.id, email };
}

describe("creating an event in the browser", () => {
  it("publishes it with an id from its title, from a text that passes the file check, and saving it unchanged changes nothing", async () => {
    const form = newEventForm();
    const outcome = await saveEventFromEditor({ eventId: null, value: form });
    expect(outcome).toMatchObject({ ok: true, status: "published" });
    if (!outcome.ok) return;
    expect(outcome.eventId).toMatch(/^assessment-without-levels-in-ks3-computing-[0-9a-f]{6}$/);
    const event = await prisma.event.findUniqueOrThrow({ where: { id: outcome.eventId }, include: { sessions: true } });
    expect(event).toMatchObject({ source: "browser", capacity: 12, cpdHours: 1.5, keyStages: ",KS3,", format: "online" });
    expect(event.sessions.map((s) => s.key)).toEqual(["session-1"]);
    expect(event.descriptionHtml).toContain("<h2");

    const file = await getEventFile(outcome.eventId);
    expect(file?.name).toBe(`${outcome.eventId}.md`);
    expect(file?.text).toContain(`id: ${outcome.eventId}`);

    const editable = await getEventForEditing(outcome.eventId);
    expect(editable?.value).toMatchObject({ title: form.title, capacity: "12", topics: "assessment", platform: "Microsoft Teams" });
    expect(editable?.value.sessions?.[0]).toMatchObject({ id: "session-1", start: "16:00" });
    const again = await saveEventFromEditor({ eventId: outcome.eventId, value: { ...editable!.value, baseHash: editable!.baseHash } });
    expect(again).toEqual({ ok: true, eventId: outcome.eventId, status: "unchanged" });
  });

  it("refuses bad input with each problem on its field, in the event file's words, and writes nothing", async () => {
    const before = await prisma.event.count();
    const outcome = await saveEventFromEditor({
      eventId: null,
      value: newEventForm({
        format: "in-person",
        keyStages: [],
        capacity: "lots",
        sessions: [
          { id: "", title: "", date: "", start: "", end: "" },
          { id: "", title: "", date: daysFromNow(20), start: "17:00", end: "16:00" },
        ],
      }),
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.fieldErrors.venueName?.[0]).toContain("needs a venue");
    expect(outcome.fieldErrors["sessions[1].end"]?.[0]).toContain("must end after it starts");
    expect(outcome.fieldErrors.keyStages).toBeDefined();
    expect(outcome.fieldErrors.capacity).toBeDefined();
    expect(await prisma.event.count()).toBe(before);
  });

  it("never takes the id of a file under events/, published or not", async () => {
    const outcome = await saveEventFromEditor({
      eventId: null,
      value: newEventForm({ title: "Careers in digital for careers leaders" }),
    });
    expect(outcome).toMatchObject({ ok: true, eventId: "careers-in-digital-for-careers-leaders-2" });
  });
});

describe("changing an event in the browser", () => {
  it("moves a session and emails the person booked an update that replaces their calendar entry", async () => {
    const created = await saveEventFromEditor({ eventId: null, value: newEventForm() });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const attendee = await person("attendee");
    await bookPlace({ userId: attendee.id, eventId: created.eventId, form: {}, origin: ORIGIN });
    const editable = (await getEventForEditing(created.eventId))!;
    const moved = { ...editable.value, baseHash: editable.baseHash };
    moved.sessions![0] = { ...moved.sessions![0], date: daysFromNow(21), start: "15:30", end: "17:00" };
    expect(await saveEventFromEditor({ eventId: created.eventId, value: moved })).toMatchObject({ ok: true, status: "updated" });
    await runJobsUntilIdle();

    const mails = sentEmails().filter((m) => m.to === attendee.email);
    const invitation = (subject: string) => {
      const part = mails.find((m) => m.subject.startsWith(subject))?.calendars.find((c) => c.contentType.includes("method"));
      const calendar = new ICAL.Component(ICAL.parse(part!.content));
      for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
      return new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    };
    const first = invitation("Your place is booked");
    const update = invitation("Changed");
    expect(update.uid).toBe(first.uid);
    expect(update.sequence).toBe(first.sequence + 1);
    expect(update.startDate.toString()).toBe(`${daysFromNow(21)}T15:30:00`);
  });

  it("refuses a change made to an old copy, capacity below the places taken, and moving a session that has started", async () => {
    const eventId = await createEvent(
      eventFields({
        capacity: 3,
        sessions: [
          { id: "first", date: daysFromNow(-1), start: "09:00", end: "10:00" },
          { id: "second", date: daysFromNow(6), start: "09:00", end: "10:00" },
        ],
      }),
    );
    const [a, b] = [await person("a"), await person("b")];
    for (const p of [a, b])
      await bookPlace({ userId: p.id, eventId, form: {}, origin: ORIGIN, now: new Date(Date.now() - 3 * 86_400_000) });
    const editable = (await getEventForEditing(eventId))!;
    const form = (): EventEditorValue => structuredClone({ ...editable.value, baseHash: editable.baseHash });
    const before = await prisma.event.findUniqueOrThrow({
      where: { id: eventId },
      include: { sessions: { orderBy: { position: "asc" } } },
    });

    const fewer = form();
    fewer.capacity = "1";
    const tooFew = await saveEventFromEditor({ eventId, value: fewer });
    expect(tooFew).toMatchObject({ ok: false, fieldErrors: { capacity: [expect.stringContaining("2 people already have places")] } });

    const movedFirst = form();
    movedFirst.sessions![0]!.start = "09:30";
    const started = await saveEventFromEditor({ eventId, value: movedFirst });
    expect(started).toMatchObject({ ok: false, fieldErrors: { "sessions[0].date": [expect.stringContaining("already started")] } });

    const removedFirst = form();
    removedFirst.sessions![0] = { id: "first", title: "", date: "", start: "", end: "" };
    const removed = await saveEventFromEditor({ eventId, value: removedFirst });
    expect(removed).toMatchObject({ ok: false, fieldErrors: { sessions: [expect.stringContaining("cannot be removed")] } });

    // A later session may still move, and its title may change; then the first copy is out of date.
    const movedSecond = form();
    movedSecond.sessions![1]!.start = "09:30";
    movedSecond.sessions![1]!.end = "10:30";
    expect(await saveEventFromEditor({ eventId, value: movedSecond })).toMatchObject({ ok: true, status: "updated" });
    const stale = form();
    stale.title = "A title from an old copy";
    expect(await saveEventFromEditor({ eventId, value: stale })).toMatchObject({
      ok: false,
      formErrors: [expect.stringContaining("Someone else changed this event")],
    });
    const after = await prisma.event.findUniqueOrThrow({ where: { id: eventId }, include: { sessions: { orderBy: { position: "asc" } } } });
    expect(after.title).toBe(before.title);
    expect(after.capacity).toBe(3);
    expect(after.sessions[0]!.startsAt).toEqual(before.sessions[0]!.startsAt);
    expect(after.sessions[1]!.startsAt.getTime() - before.sessions[1]!.startsAt.getTime()).toBe(30 * 60_000);
  });

  it("is not undone by the file it came from, until the file is replaced with the event's current text", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "events-"));
    const fields = eventFields();
    const eventId = String(fields.id);
    await createEvent(fields);
    const fileText = (await getEventFile(eventId))!.text;
    await fs.writeFile(path.join(root, `${eventId}.md`), fileText);

    const editable = (await getEventForEditing(eventId))!;
    expect(editable.origin).toBe("files");
    await saveEventFromEditor({ eventId, value: { ...editable.value, baseHash: editable.baseHash, title: "Renamed in the browser" } });

    // The next start finds the old file: it is reported, not published over the browser's change.
    const [outcome] = await publishEvents(root);
    expect(outcome).toMatchObject({ status: "refused", problems: [{ message: expect.stringContaining("changed in the browser") }] });
    expect(await prisma.event.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({
      title: "Renamed in the browser",
      source: "browser",
    });

    // Replaced with the downloaded text, the file is in charge again.
    await fs.writeFile(path.join(root, `${eventId}.md`), (await getEventFile(eventId))!.text);
    expect((await publishEvents(root))[0]).toMatchObject({ status: "unchanged" });
    expect(await prisma.event.findUniqueOrThrow({ where: { id: eventId } })).toMatchObject({
      title: "Renamed in the browser",
      source: "files",
    });
  });

  it("refuses to change a cancelled event", async () => {
    const eventId = await createEvent();
    const editable = (await getEventForEditing(eventId))!;
    await prisma.event.update({ where: { id: eventId }, data: { cancelledAt: new Date() } });
    expect(
      await saveEventFromEditor({ eventId, value: { ...editable.value, baseHash: editable.baseHash, title: "Back again" } }),
    ).toMatchObject({
      ok: false,
      formErrors: ["This event is cancelled, so it can no longer be changed."],
    });
  });
});
