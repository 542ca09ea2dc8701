import { describe, expect, it } from "vitest";
import { formatCalendarDate } from "~/utils/dates.ts";
import { availabilityStatus, describeAvailability, enrolmentClosedMessage, isAvailable } from "./availability.ts";

// As publishing stores them: `from` at the start of its day, `until` at the end of its day (UTC).
const window = {
  availableFrom: new Date("2026-09-01T00:00:00Z"),
  availableUntil: new Date("2027-07-31T23:59:59Z"),
};

describe("isAvailable", () => {
  it("is open when there is no window at all", () => {
    expect(isAvailable({ availableFrom: null, availableUntil: null }, new Date("2000-01-01T00:00:00Z"))).toBe(true);
  });

  it("includes both ends of the window", () => {
    expect(isAvailable(window, new Date("2026-09-01T00:00:00Z"))).toBe(true);
    expect(isAvailable(window, new Date("2027-07-31T23:59:59Z"))).toBe(true);
  });

  it("is closed before `from` and after `until`", () => {
    expect(isAvailable(window, new Date("2026-08-31T23:59:59Z"))).toBe(false);
    expect(isAvailable(window, new Date("2027-08-01T00:00:00Z"))).toBe(false);
  });

  it("handles a window open at one end", () => {
    const fromOnly = { availableFrom: window.availableFrom, availableUntil: null };
    const untilOnly = { availableFrom: null, availableUntil: window.availableUntil };
    expect(isAvailable(fromOnly, new Date("2099-01-01T00:00:00Z"))).toBe(true);
    expect(isAvailable(fromOnly, new Date("2026-01-01T00:00:00Z"))).toBe(false);
    expect(isAvailable(untilOnly, new Date("2000-01-01T00:00:00Z"))).toBe(true);
    expect(isAvailable(untilOnly, new Date("2028-01-01T00:00:00Z"))).toBe(false);
  });
});

describe("availabilityStatus", () => {
  it("says which side of the window `now` is on", () => {
    expect(availabilityStatus(window, new Date("2026-06-01T12:00:00Z"))).toBe("not-yet-available");
    expect(availabilityStatus(window, new Date("2027-01-15T12:00:00Z"))).toBe("open");
    expect(availabilityStatus(window, new Date("2027-09-01T12:00:00Z"))).toBe("no-longer-available");
  });
});

describe("wording", () => {
  it("formats dates in British English on the calendar day written in module.yaml", () => {
    expect(formatCalendarDate(window.availableFrom)).toBe("1 September 2026");
    // 23:59:59 UTC is already the next day in London during British Summer Time; the date stays 31 July.
    expect(formatCalendarDate(window.availableUntil)).toBe("31 July 2027");
  });

  it("describes a window that has not opened yet, with its start date", () => {
    const before = new Date("2026-08-31T23:59:59Z");
    expect(describeAvailability(window, before)).toBe("Available from 1 September 2026 until 31 July 2027");
    expect(describeAvailability({ availableFrom: window.availableFrom, availableUntil: null }, before)).toBe(
      "Available from 1 September 2026",
    );
  });

  it("does not say 'Available from' once the module is open (the start date is in the past)", () => {
    const open = new Date("2026-12-04T09:00:00Z");
    expect(describeAvailability(window, open)).toBe("Available until 31 July 2027");
    expect(describeAvailability(window, window.availableFrom)).toBe("Available until 31 July 2027"); // the first second
    expect(describeAvailability({ availableFrom: window.availableFrom, availableUntil: null }, open)).toBeNull();
    expect(describeAvailability({ availableFrom: null, availableUntil: window.availableUntil }, open)).toBe("Available until 31 July 2027");
    expect(describeAvailability({ availableFrom: null, availableUntil: null }, open)).toBeNull();
  });

  it("says a closed window is closed rather than 'available until' a past date", () => {
    expect(describeAvailability(window, new Date("2027-08-01T00:00:00Z"))).toBe("Closed to new enrolments (open until 31 July 2027)");
  });

  it("explains why enrolment is closed, and says nothing while it is open", () => {
    expect(enrolmentClosedMessage(window, new Date("2026-06-01T00:00:00Z"))).toBe("This module opens for enrolment on 1 September 2026.");
    expect(enrolmentClosedMessage(window, new Date("2027-09-01T00:00:00Z"))).toMatch(/^This module closed for enrolment on 31 July 2027\./);
    expect(enrolmentClosedMessage(window, new Date("2027-01-01T00:00:00Z"))).toBeNull();
  });
});
