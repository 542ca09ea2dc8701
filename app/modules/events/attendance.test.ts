import { describe, expect, it } from "vitest";
import { attendedHours, checkInOpen, CheckInSchema, parseRegisterForm } from "./attendance.ts";

describe("attendance rules", () => {
  it("earns CPD hours in proportion to the sessions attended, to the quarter hour", () => {
    expect(attendedHours(6, 3, 3)).toBe(6);
    expect(attendedHours(6, 3, 2)).toBe(4);
    expect(attendedHours(2, 3, 2)).toBe(1.25); // 1.33 to the nearest quarter
    expect(attendedHours(2, 3, 0)).toBe(0);
    expect(attendedHours(2, 0, 1)).toBe(0);
    expect(attendedHours(2, 2, 5)).toBe(2); // never more than the event's hours
  });

  it("accepts a code from 30 minutes before the start until 15 minutes after the end", () => {
    const session = { startsAt: new Date("2027-03-04T16:00:00Z"), endsAt: new Date("2027-03-04T17:30:00Z") };
    expect(checkInOpen(session, new Date("2027-03-04T15:29:59Z"))).toBe(false);
    expect(checkInOpen(session, new Date("2027-03-04T15:30:00Z"))).toBe(true);
    expect(checkInOpen(session, new Date("2027-03-04T17:45:00Z"))).toBe(true);
    expect(checkInOpen(session, new Date("2027-03-04T17:45:01Z"))).toBe(false);
  });

  it("reads a typed code in any case, with spaces or a dash, and refuses the wrong length", () => {
    expect(CheckInSchema.parse({ code: " k7p m3q " }).code).toBe("K7PM3Q");
    expect(CheckInSchema.parse({ code: "K7P-M3Q" }).code).toBe("K7PM3Q");
    expect(CheckInSchema.safeParse({ code: "K7PM3" }).success).toBe(false);
  });

  it("reads the register's radio buttons and refuses an unknown status", () => {
    const form = new FormData();
    form.append("session", "s");
    form.append("status:b1", "present");
    form.append("status:b2", "left-early");
    expect(parseRegisterForm(form)).toEqual([
      { bookingId: "b1", status: "present" },
      { bookingId: "b2", status: "left-early" },
    ]);
    form.append("status:b3", "asleep");
    expect(parseRegisterForm(form)).toHaveProperty("error");
  });
});
