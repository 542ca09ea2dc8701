/**
 * Issue 12: certificate references a person can read aloud (ADR 0036), forged or malformed
 * references on /verify, and hostile names and titles in every CSV export.
 */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { newCertificateId } from "~/modules/certificates/certificate-id.ts";
import { staffRecordsCsv } from "~/modules/organisations/organisations.ts";
import { loader as verifyLoader } from "~/routes/verify.$id.tsx";
import { loader as statusLoader } from "~/routes/verify.$id.status[.]json.ts";

const context = () => ({ cspNonce: "n", clientIp: `203.0.113.${crypto.randomInt(1, 250)}` });

async function statusOf(run: () => unknown): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    const init = (result as { init?: { status?: number } | null })?.init;
    return init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("forged and malformed references on /verify", () => {
  const hostile = [
    newCertificateId(), // well formed, never issued
    "AAAAAAAAAAAAAAAAAAAAAAAA",
    "-PvbmcgefKSs_AbCdEfGh12",
    "x",
    "'; DROP TABLE Certificate; --",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "%00%00",
    "\u0000",
    "🙂".repeat(40),
    "a".repeat(5_000),
    "uuuuu-uuuuu-uuuuu-uuuuu-uuuuu-uuuuu",
  ];
  for (const id of hostile) {
    it(`answers 404, never 500, for ${JSON.stringify(id.slice(0, 40))}`, async () => {
      expect(
        await statusOf(() => verifyLoader({ request: new Request(`https://x.test/verify/x`), params: { id }, context: context() })),
      ).toBe(404);
      expect(
        await statusOf(() =>
          statusLoader({ request: new Request(`https://x.test/verify/x/status.json`), params: { id }, context: context() }),
        ),
      ).toBe(404);
    });
  }

  it("sends a reference typed in capitals, without hyphens or with confusable letters to its one address", async () => {
    const id = newCertificateId();
    const typed = id.replace(/-/g, "").toUpperCase().replace(/1/g, "I").replace(/0/g, "O");
    const thrown = await verifyLoader({ request: new Request("https://x.test/verify/x"), params: { id: typed }, context: context() }).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe(`/verify/${id}`);
  });
});

describe("CSV exports never run a formula", () => {
  const payloads = ['=HYPERLINK("https://evil.example","Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"];
  it("the leader's staff export neutralises hostile names, emails and module titles", () => {
    const csv = staffRecordsCsv(
      payloads.map((p) => ({
        name: p,
        email: p,
        moduleTitle: p,
        versionNumber: 1,
        cpdHours: 1,
        completedAt: new Date("2026-10-01T10:00:00Z"),
        status: "valid",
        certificateId: p,
        verifyUrl: "https://pathways.example.org/verify/x",
        percent: 100,
        lastActivityAt: null,
      })),
    );
    // Every cell that is not a number starts with an apostrophe (inside quotes where quoting is needed).
    const cells = csv
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "")))
      .filter(
        (c) => c !== "" && !/^-?\d+(\.\d+)?$/.test(c) && !/^\d{4}-\d{2}-\d{2}$/.test(c) && c !== "valid" && !c.startsWith("https://"),
      );
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell.replace(/^"/, "")).toMatch(/^'/);
  });
});
