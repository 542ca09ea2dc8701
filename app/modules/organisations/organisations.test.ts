import { describe, expect, it } from "vitest";
import { staffRecordsCsv } from "./organisations.ts";

describe("the staff CSV export", () => {
  it("has a header and one row per certificate and per module in progress, with CRLF line ends", () => {
    const csv = staffRecordsCsv([
      {
        name: "Ada Lovelace",
        email: "ada@school.example",
        moduleTitle: "Spotting bias, in practice",
        versionNumber: 2,
        cpdHours: 1.5,
        completedAt: new Date("2026-02-03T16:20:00Z"),
        status: "valid",
        certificateId: "q0Zb7mJx3kT9vW2yN5pR8sLd",
        verifyUrl: "https://pathways.example.org/verify/q0Zb7mJx3kT9vW2yN5pR8sLd",
        percent: 100,
        lastActivityAt: null,
      },
      {
        name: "Ada Lovelace",
        email: "ada@school.example",
        moduleTitle: "Teaching with Scratch",
        versionNumber: null,
        cpdHours: null,
        completedAt: null,
        status: "in progress",
        certificateId: "",
        verifyUrl: "",
        percent: 40,
        lastActivityAt: new Date("2026-03-01T09:00:00Z"),
      },
    ]);
    expect(csv).toBe(
      "Name,Email,Module,Version,CPD hours,Completed on,Status,Certificate reference,Verification address,Progress (%),Last activity on\r\n" +
        'Ada Lovelace,ada@school.example,"Spotting bias, in practice",2,1.5,2026-02-03,valid,q0Zb7mJx3kT9vW2yN5pR8sLd,https://pathways.example.org/verify/q0Zb7mJx3kT9vW2yN5pR8sLd,100,\r\n' +
        "Ada Lovelace,ada@school.example,Teaching with Scratch,,,,in progress,,,40,2026-03-01\r\n",
    );
  });
});
