import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { londonInstant } from "./event-format.ts";
import { eventCalendar, sessionUid } from "./calendar.server.ts";

/**
 * The calendar files are read back with ical.js (Mozilla's iCalendar library, used by Thunderbird),
 * not by our own code: times must come out right on each side of the October clock change.
 */
const event = {
  id: "half-term-workshop",
  title: "Physical computing in KS2",
  summary: "Two after-school sessions.",
  location: "Riverside Library, 2 Mill Lane",
  sessions: [
    // British Summer Time ends at 02:00 on Sunday 25 October 2026.
    {
      key: "part-1",
      title: "Getting started",
      startsAt: londonInstant("2026-10-22", "16:00"),
      endsAt: londonInstant("2026-10-22", "17:30"),
      sequence: 0,
    },
    {
      key: "part-2",
      title: "Sensors",
      startsAt: londonInstant("2026-10-29", "16:00"),
      endsAt: londonInstant("2026-10-29", "17:30"),
      sequence: 2,
    },
  ],
};

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return { calendar, events: calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent)) };
}

describe("event calendar files", () => {
  it("give each session its London time on both sides of the clock change, with the zone's VTIMEZONE", () => {
    const text = eventCalendar(event, { origin: "https://pathways.example.org" });
    const { calendar, events } = parse(text);
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Europe/London");
    expect(events).toHaveLength(2);
    const [before, after] = events as [ICAL.Event, ICAL.Event];
    expect(before.startDate.zone?.tzid).toBe("Europe/London");
    expect(before.startDate.toJSDate().toISOString()).toBe("2026-10-22T15:00:00.000Z"); // 16:00 BST
    expect(before.endDate.toJSDate().toISOString()).toBe("2026-10-22T16:30:00.000Z");
    expect(after.startDate.toJSDate().toISOString()).toBe("2026-10-29T16:00:00.000Z"); // 16:00 GMT
    expect(before.startDate.toString()).toBe("2026-10-22T16:00:00");
    expect(after.startDate.toString()).toBe("2026-10-29T16:00:00");
    expect(before.summary).toBe("Physical computing in KS2: Getting started");
    expect(before.location).toBe("Riverside Library, 2 Mill Lane");
  });

  it("keeps each session's UID across files and carries its SEQUENCE", () => {
    const origin = "https://pathways.example.org";
    const first = parse(eventCalendar(event, { origin })).events;
    const again = parse(eventCalendar(event, { origin })).events;
    expect(first.map((e) => e.uid)).toEqual([
      sessionUid(event.id, "part-1", "pathways.example.org"),
      sessionUid(event.id, "part-2", "pathways.example.org"),
    ]);
    expect(again.map((e) => e.uid)).toEqual(first.map((e) => e.uid));
    expect(first.map((e) => e.sequence)).toEqual([0, 2]);
  });
});
