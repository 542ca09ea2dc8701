import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** The decision records keep one numbering and one opening (docs/decisions/README.md, issue 13 item 9). */

const dir = path.resolve(import.meta.dirname, "../../docs/decisions");
const records = fs
  .readdirSync(dir)
  .filter((name) => name !== "README.md")
  .sort();

describe("docs/decisions", () => {
  it("numbers the records 0001, 0002, … with no gap or repeat, each named NNNN-words.md", () => {
    expect(records.length).toBeGreaterThan(40);
    records.forEach((name, index) => {
      expect(name).toMatch(/^\d{4}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$/);
      expect(Number(name.slice(0, 4)), name).toBe(index + 1);
    });
  });

  it.each(records)("%s opens with '# N. Title' and a 'Date: … · Status: …' line, and names only records that exist", (name) => {
    const [heading, blank, dateLine] = fs.readFileSync(path.join(dir, name), "utf8").split("\n");
    expect(heading).toMatch(new RegExp(`^# ${Number(name.slice(0, 4))}\\. \\S`));
    expect(blank).toBe("");
    expect(dateLine).toMatch(/^Date: 20\d\d-[01]\d-[0-3]\d · Status: (accepted|superseded|replaced)/);
    for (const [, number] of (dateLine ?? "").matchAll(/(?:Amends|Amended by|Replaced by|Replaces|and) (\d{4})/g)) {
      expect(
        records.some((other) => other.startsWith(`${number}-`)),
        `${name} names ${number}`,
      ).toBe(true);
    }
  });
});
