import { describe, expect, it } from "vitest";
import { eventFields, eventSource } from "../../../tests/factories/events.ts";
import { bookingWindow, londonInstant, sessionTimes } from "./event-format.ts";
import { loadEventSource } from "./load-events.server.ts";

const load = (fields: Record<string, unknown>, body?: string, known?: Set<string>) =>
  loadEventSource(`${String(fields.id)}.md`, eventSource(fields, body), known);

describe("event times in Europe/London", () => {
  it("reads a wall-clock time as British Summer Time or GMT, on each side of the October clock change", () => {
    // The clocks went back at 02:00 BST on Sunday 25 October 2026.
    expect(londonInstant("2026-10-22", "16:00").toISOString()).toBe("2026-10-22T15:00:00.000Z");
    expect(londonInstant("2026-10-29", "16:00").toISOString()).toBe("2026-10-29T16:00:00.000Z");
    // And forward at 01:00 GMT on Sunday 28 March 2027.
    expect(londonInstant("2027-03-26", "09:30").toISOString()).toBe("2027-03-26T09:30:00.000Z");
    expect(londonInstant("2027-03-29", "09:30").toISOString()).toBe("2027-03-29T08:30:00.000Z");
  });

  it("orders sessions by time and closes booking at the first session unless told earlier", () => {
    const event = {
      sessions: [
        { id: "b", date: "2027-03-11", start: "16:00", end: "17:30" },
        { id: "a", date: "2027-03-04", start: "16:00", end: "17:30" },
      ],
    };
    expect(sessionTimes(event).map((s) => s.id)).toEqual(["a", "b"]);
    expect(bookingWindow(event)).toEqual({ opensAt: null, closesAt: new Date("2027-03-04T16:00:00.000Z") });
    const closes = bookingWindow({ ...event, booking: { opens: "2027-01-04", closes: "2027-02-26" } });
    expect(closes.opensAt?.toISOString()).toBe("2027-01-04T00:00:00.000Z");
    expect(closes.closesAt.toISOString()).toBe("2027-02-26T23:59:59.999Z");
    // A closing date after the event starts still closes at the start.
    expect(bookingWindow({ ...event, booking: { closes: "2027-03-20" } }).closesAt.toISOString()).toBe("2027-03-04T16:00:00.000Z");
  });
});

describe("checking an event file", () => {
  it("accepts a complete file and renders its description; raw HTML in it is refused", async () => {
    const result = await load(eventFields(), "## Plan\n\nHello **there**, [a link](https://example.org).\n");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.descriptionHtml).toContain("<strong>there</strong>");
    const html = await load(eventFields(), "Hello <script>alert(1)</script>\n");
    expect(html.ok).toBe(false);
    if (html.ok) return;
    expect(html.problems).toEqual([
      expect.objectContaining({ line: expect.any(Number), message: expect.stringMatching(/Removed raw HTML '<script>'/) }),
    ]);
  });

  it("says what is wrong, where, and how to fix it", async () => {
    const fields = eventFields({
      format: "in-person",
      keyStages: ["KS2", "KS9"],
      sessions: [
        { id: "one", date: "2027-02-30", start: "16:00", end: "17:00" },
        { id: "one", date: "2027-03-01", start: "9:30", end: "11:30" },
      ],
    });
    const result = await load(fields);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^keyStages\[1\]: "KS9" is not allowed here\. Use one of: KS1, KS2/),
        expect.stringMatching(/^sessions\[0\]\.date: "2027-02-30" is not a valid date/),
        expect.stringMatching(/^sessions\[1\]\.start: "9:30" is not a time\. Write it as "HH:MM"/),
        expect.stringMatching(/^sessions\[1\]\.id: Duplicate session id "one"/),
        // Reported with the rest, not only once they are put right.
        expect.stringMatching(/^venue: An in-person or hybrid event needs a venue/),
      ]),
    );
    // "9:30" is not compared with "11:30" as text: the time is wrong, not the order.
    expect(messages.join("\n")).not.toMatch(/must end after it starts/);
    expect(result.problems.filter((p) => p.path !== "venue").every((p) => typeof p.line === "number" && p.line > 1)).toBe(true);
  });

  it("refuses a session that ends before it starts, a file named after another id and unknown modules", async () => {
    const fields = eventFields({
      sessions: [{ id: "s", date: "2027-03-01", start: "17:00", end: "16:00" }],
      modules: { prepare: ["no-such-module"] },
    });
    const result = await loadEventSource("renamed.md", eventSource(fields), new Set(["programming-pedagogy"]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/must end after it starts/),
        expect.stringMatching(/rename the file to test-event-[0-9a-f]+\.md/),
        expect.stringMatching(/There is no module "no-such-module"\. Use the id .*programming-pedagogy/),
      ]),
    );
  });

  it("refuses an in-person event without a venue", async () => {
    const result = await load(eventFields({ format: "in-person", online: undefined }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.objectContaining({ path: "venue", message: expect.stringMatching(/needs a venue/) })]);
  });

  it("refuses an empty description and a venue on an online event", async () => {
    const result = await load(eventFields({ venue: { name: "Hall", address: "1 Road", accessibility: "Step-free" } }), "\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/description is empty/), expect.stringMatching(/An online event has no venue/)]),
    );
  });
});
