import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { academicYearOf, cpdEntries, cpdRecordCsv, cpdTotals, type CpdCertificate } from "./cpd-record.ts";

const cert = (over: Partial<CpdCertificate>): CpdCertificate => ({
  id: "abcde-fghjk-mnpqr-stvwx-yz012-34567",
  moduleTitle: "Using the Unconscious Bias Toolkit",
  versionNumber: 1,
  cpdHours: 1.5,
  completedAt: "2026-10-01T10:00:00Z",
  status: "valid",
  ...over,
});

describe("academic years", () => {
  it("run from 1 September to 31 August, by the day in London", () => {
    expect(academicYearOf("2026-09-01T00:00:00+01:00")).toBe("2026/27");
    expect(academicYearOf("2027-08-31T22:59:00Z")).toBe("2026/27"); // 23:59 in London
    expect(academicYearOf("2027-08-31T23:30:00Z")).toBe("2027/28"); // already 1 September in London
    expect(academicYearOf("2026-08-31T12:00:00Z")).toBe("2025/26");
    expect(academicYearOf("2099-12-31T12:00:00Z")).toBe("2099/00");
  });
});

describe("CPD totals", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("add this academic year's valid certificates and all of them; revoked ones count for nothing", () => {
    const totals = cpdTotals(
      [
        cert({ cpdHours: 1.5, completedAt: "2026-10-01T10:00:00Z" }),
        cert({ cpdHours: 3, completedAt: "2026-09-01T08:00:00Z" }),
        cert({ cpdHours: 2, completedAt: "2026-07-20T10:00:00Z" }), // last academic year
        cert({ cpdHours: 10, completedAt: "2026-11-01T10:00:00Z", status: "revoked" }),
      ],
      now,
    );
    expect(totals).toEqual({ academicYear: "2026/27", thisYear: 4.5, allTime: 6.5, certificates: 3 });
  });

  it("are nought with no certificates", () => {
    expect(cpdTotals([], now)).toEqual({ academicYear: "2026/27", thisYear: 0, allTime: 0, certificates: 0 });
  });
});

describe("the CPD record as CSV", () => {
  it("lists valid certificates oldest first with a link to check each, then the totals; a spreadsheet reads it back", () => {
    const csv = cpdRecordCsv(
      [
        cert({ id: "new", moduleTitle: '=HYPERLINK("x")', completedAt: "2026-11-02T10:00:00Z", cpdHours: 2 }),
        cert({ id: "old", completedAt: "2025-11-02T10:00:00Z", cpdHours: 1 }),
        cert({ id: "gone", status: "revoked" }),
      ],
      "https://pathways.example.org",
      new Date("2026-12-04T12:00:00Z"),
    );
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parse(csv, { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(["Completed on", "Academic year", "Activity", "Kind", "CPD hours", "Certificate reference", "Check at"]);
    expect(rows[1]).toEqual([
      "2025-11-02",
      "2025/26",
      "Using the Unconscious Bias Toolkit (version 1)",
      "Online module",
      "1",
      "old",
      "https://pathways.example.org/verify/old",
    ]);
    // A title that a spreadsheet would run as a formula is neutralised.
    expect(rows[2]![2]).toBe('\'=HYPERLINK("x") (version 1)');
    expect(rows.some((r) => r.includes("gone"))).toBe(false);
    expect(rows.at(-2)).toEqual(["Total this academic year", "2026/27", "", "", "2", "", ""]);
    expect(rows.at(-1)).toEqual(["Total, all time", "", "", "", "3", "", ""]);
  });
});

describe("live events in the CPD record (docs/decisions/0057)", () => {
  it("counts a certificate of attendance and the hours of an event attended without one, and says which is which", () => {
    const entries = cpdEntries(
      [
        {
          id: "CERT-EVENT",
          moduleId: "event:ks2-physical",
          moduleTitle: "Physical computing in KS2",
          versionNumber: 1,
          cpdHours: 4,
          completedAt: "2026-10-10T17:00:00Z",
          status: "valid",
        },
      ],
      [{ eventId: "assessment-forum", title: "Assessment forum", hours: 1.25, attendedOn: "2026-11-03T11:30:00Z" }],
    );
    const totals = cpdTotals(entries, new Date("2026-12-01T12:00:00Z"));
    expect(totals).toEqual({ academicYear: "2026/27", thisYear: 5.25, allTime: 5.25, certificates: 1 });
    const csv = cpdRecordCsv(entries, "https://pathways.example", new Date("2026-12-01T12:00:00Z"));
    expect(csv).toContain("Physical computing in KS2,Live event,4,CERT-EVENT,https://pathways.example/verify/CERT-EVENT");
    expect(csv).toContain("Assessment forum,Live event (attended; no certificate of attendance),1.25,,");
    expect(csv).not.toContain("(version 1)");
  });
});
