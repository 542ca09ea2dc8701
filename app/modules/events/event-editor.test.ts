import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAuthorYaml } from "~/modules/catalog/author-yaml.ts";
import { splitFrontMatter } from "~/modules/catalog/yaml-locations.ts";
import { editorToEventFile, eventFileToEditor, eventIdForTitle, eventSourceText, problemsToFormErrors } from "./event-editor.ts";
import { loadEventSource } from "./load-events.server.ts";

/** The organisers' editor (docs/decisions/0059): form ↔ event file, and the file check's problems on the form's fields. */
const EVENTS = path.resolve(import.meta.dirname, "../../../events");

function readEvent(name: string) {
  const split = splitFrontMatter(fs.readFileSync(path.join(EVENTS, name), "utf8"));
  if ("error" in split) throw new Error(split.error);
  return { front: parseAuthorYaml(split.frontMatter).toJS() as Record<string, unknown>, body: split.body.trim() };
}

describe("the event editor's form", () => {
  const files = fs.readdirSync(EVENTS).filter((n) => n.endsWith(".md") && n !== "README.md");

  it.each(files)("gives back every field of events/%s when it is saved unchanged", async (name) => {
    const { front, body } = readEvent(name);
    const value = eventFileToEditor(front, body);
    const { fields, body: bodyAfter } = editorToEventFile(value, String(front.id));
    expect(fields).toEqual(front);
    expect(bodyAfter).toBe(body);
    // And the text it makes passes the same check as the file.
    const loaded = await loadEventSource(name, eventSourceText(fields, bodyAfter));
    expect(loaded.ok, JSON.stringify(loaded.ok ? null : loaded.problems)).toBe(true);
  });

  it("ignores empty rows and lines, keeps session ids, and gives a new session an id no other session has", () => {
    const { fields, layout } = editorToEventFile(
      {
        title: "A forum",
        organisers: "\nPathways programme team | hosts\n\n",
        facilitators: "Sam Example | Teacher | fictional",
        partners: "Film Archive | education team | https://film.example\nNo Link Trust",
        sessions: [
          { id: "session-1", date: "2027-03-04", start: "16:00", end: "17:00" },
          { id: "", date: "", start: "", end: "", title: "" },
          { date: "2027-03-11", start: "16:00", end: "17:00" },
          undefined,
        ],
        phases: [{ title: "", from: "", until: "", summary: "" }],
        topics: " assessment , ,feedback",
      },
      "a-forum",
    );
    expect(fields.sessions).toEqual([
      { id: "session-1", date: "2027-03-04", start: "16:00", end: "17:00" },
      { id: "session-2", date: "2027-03-11", start: "16:00", end: "17:00" },
    ]);
    expect(layout.sessions).toEqual([0, 2]);
    expect(fields.phases).toBeUndefined();
    expect(fields.organisers).toEqual([{ name: "Pathways programme team", role: "hosts" }]);
    expect(layout.organisers).toEqual([2]);
    expect(fields.facilitators).toEqual([{ name: "Sam Example", role: "Teacher", fictional: true }]);
    expect(fields.partners).toEqual([
      { name: "Film Archive", role: "education team", url: "https://film.example" },
      { name: "No Link Trust" },
    ]);
    expect(fields.topics).toEqual(["assessment", "feedback"]);
  });

  it("puts each problem on the field it is about, counting the rows and lines as the form shows them", () => {
    const layout = { sessions: [0, 2], phases: [1], partners: [], organisers: [3], facilitators: [] };
    const { fieldErrors, formErrors } = problemsToFormErrors(
      [
        { file: "x.md", path: "sessions[1].end", message: "The session must end after it starts." },
        { file: "x.md", path: "phases[0].until", message: "`until` must not be before `from`." },
        { file: "x.md", path: "venue", message: "An in-person event needs a venue." },
        { file: "x.md", path: "booking.closes", message: "Not a date." },
        { file: "x.md", path: "organisers[0].name", message: "Required." },
        { file: "x.md", path: "keyStages[1]", message: "Not a key stage." },
        { file: "x.md", message: "The description is empty." },
        { file: "x.md", path: "id", message: "An id problem." },
      ],
      layout,
    );
    expect(fieldErrors).toEqual({
      "sessions[2].end": ["The session must end after it starts."],
      "phases[1].until": ["`until` must not be before `from`."],
      venueName: ["An in-person event needs a venue."],
      bookingCloses: ["Not a date."],
      organisers: ["Line 3: Required."],
      keyStages: ["Not a key stage."],
      description: ["The description is empty."],
    });
    expect(formErrors).toEqual(["An id problem."]);
  });
});

describe("a new event's id", () => {
  it("comes from the title, is not taken, and is never a word the pages use", () => {
    expect(eventIdForTitle("Teaching GCSE Python: a twilight!", new Set())).toBe("teaching-gcse-python-a-twilight");
    expect(eventIdForTitle("Café coding", new Set(["cafe-coding", "cafe-coding-2"]))).toBe("cafe-coding-3");
    expect(eventIdForTitle("New", new Set())).toBe("new-2");
    expect(eventIdForTitle("???", new Set())).toBe("event");
    expect(eventIdForTitle("x".repeat(200), new Set()).length).toBeLessThanOrEqual(80);
  });
});
