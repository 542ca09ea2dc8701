import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalUrns, decodeGias, giasDate, parseEstablishments, parseLinks } from "./gias.ts";

/** Reading GIAS files (docs/decisions/0061), on the synthetic extract the project ships. */
const FIXTURES = path.resolve(import.meta.dirname, "../../../tests/fixtures/gias");
const read = (name: string) => decodeGias(fs.readFileSync(path.join(FIXTURES, name)));

describe("GIAS files", () => {
  it("reads the establishments file in ISO-8859-1, by its headers, and skips a broken row with its line", () => {
    const parsed = parseEstablishments(read("edubasealldata.csv"));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rows).toHaveLength(9);
    expect(parsed.rows.find((r) => r.urn === 990004)?.name).toBe("Académie Française de Londres");
    expect(parsed.rows.find((r) => r.urn === 990101)).toMatchObject({
      name: "Riverside Primary Academy",
      laName: "Northshire",
      region: "North West",
      phase: "Primary",
      status: "Open",
      openedOn: "2019-09-01",
      closedOn: null,
    });
    expect(parsed.skipped).toEqual([{ line: 11, message: '"ABC" is not a URN (5 to 7 digits).' }]);
  });

  it("refuses a file that is not GIAS's, naming the missing columns", () => {
    const parsed = parseEstablishments("Name,Email\nA,b@example.org\n");
    expect(parsed).toMatchObject({ ok: false, message: expect.stringContaining('"URN", "EstablishmentName"') });
    expect(parseLinks("URN,Other\n1,2\n")).toMatchObject({ ok: false, message: expect.stringContaining('"LinkURN"') });
  });

  it("makes a converted school and an amalgamation count once, as the open school that opened last", () => {
    const schools = parseEstablishments(read("edubasealldata.csv"));
    const links = parseLinks(read("links.csv"));
    if (!schools.ok || !links.ok) throw new Error("unreadable fixture");
    const canonical = canonicalUrns(schools.rows, links.rows);
    expect(canonical.get(990001)).toBe(990101);
    expect(canonical.get(990101)).toBe(990101);
    expect([990005, 990006, 990106].map((u) => canonical.get(u))).toEqual([990106, 990106, 990106]);
    expect(canonical.get(990002)).toBe(990002);
    expect(new Set(canonical.values()).size).toBe(6);
  });

  it("reads GIAS's day-month-year dates", () => {
    expect([giasDate("01-09-2019"), giasDate(""), giasDate("2019-09-01"), giasDate(undefined)]).toEqual(["2019-09-01", null, null, null]);
  });
});
