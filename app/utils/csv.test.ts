import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv.ts";

describe("csvCell", () => {
  it("quotes what RFC 4180 needs quoted", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('Say "hello", please')).toBe('"Say ""hello"", please"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
  });

  it("neutralises every cell a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    for (const start of ["=", "+", "-", "@", "\t"]) expect(csvCell(`${start}1+cmd|' /C calc'!A0`)).toMatch(/^"?'/);
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell("Ann = Bob")).toBe("Ann = Bob"); // only a leading sign matters
  });

  it("keeps numbers as numbers", () => {
    expect(csvCell(-1.5)).toBe("-1.5");
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(toCsv(["Name", "Hours"], [["=Ann", 1.5]])).toBe("Name,Hours\r\n'=Ann,1.5\r\n");
  });
});
