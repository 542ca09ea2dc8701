import { describe, expect, it } from "vitest";
import { formatCalendarDate, formatDate, londonIsoDate } from "./dates.ts";

describe("formatDate (UK English, Europe/London)", () => {
  it("gives the London day in summer time (BST, UTC+1): late evening UTC is already the next day", () => {
    expect(formatDate(new Date("2026-07-01T22:59:59Z"))).toBe("1 July 2026");
    expect(formatDate(new Date("2026-07-01T23:00:00Z"))).toBe("2 July 2026");
    expect(formatDate(new Date("2026-07-01T23:30:00Z"), "dateTime")).toBe("2 July 2026 at 00:30");
  });

  it("gives the London day in winter (GMT, UTC+0): midnight UTC is midnight in London", () => {
    expect(formatDate(new Date("2026-01-14T23:59:59Z"))).toBe("14 January 2026");
    expect(formatDate(new Date("2026-01-15T00:00:00Z"))).toBe("15 January 2026");
    expect(formatDate(new Date("2026-01-15T00:00:00Z"), "dateTime")).toBe("15 January 2026 at 00:00");
  });

  it("follows the clock changes (last Sundays of March and October)", () => {
    expect(formatDate("2026-03-29T00:59:00Z", "dateTime")).toBe("29 March 2026 at 00:59"); // still GMT
    expect(formatDate("2026-03-29T01:00:00Z", "dateTime")).toBe("29 March 2026 at 02:00"); // BST starts
    expect(formatDate("2026-10-25T00:30:00Z", "dateTime")).toBe("25 October 2026 at 01:30"); // still BST
    expect(formatDate("2026-10-25T01:30:00Z", "dateTime")).toBe("25 October 2026 at 01:30"); // GMT again
  });

  it("keeps the calendar day of a date stored as its UTC day (module availability), in summer and winter", () => {
    expect(formatCalendarDate(new Date(Date.UTC(2026, 8, 1)))).toBe("1 September 2026");
    expect(formatCalendarDate(new Date(Date.UTC(2027, 6, 31, 23, 59, 59)))).toBe("31 July 2027");
    expect(formatCalendarDate(new Date(Date.UTC(2027, 0, 31, 23, 59, 59)))).toBe("31 January 2027");
    // The same instant as a moment in London is already 1 August: why calendar dates have their own formatter.
    expect(formatDate(new Date(Date.UTC(2027, 6, 31, 23, 59, 59)))).toBe("1 August 2027");
  });

  it("has a short form for tables and accepts ISO strings and timestamps (as loaders serialise them)", () => {
    expect(formatDate("2026-09-01T10:00:00.000Z", "short")).toBe("1 Sept 2026");
    expect(formatDate(Date.UTC(2026, 11, 25, 9, 5), "shortDateTime")).toBe("25 Dec 2026, 09:05");
  });

  it("prints nothing rather than 'Invalid Date' for a value that is not a date", () => {
    expect(formatDate("not a date")).toBe("");
  });

  it("gives the London calendar day as YYYY-MM-DD for <time dateTime>", () => {
    expect(londonIsoDate("2026-07-01T23:30:00Z")).toBe("2026-07-02");
    expect(londonIsoDate("2026-01-01T23:30:00Z")).toBe("2026-01-01");
  });
});
