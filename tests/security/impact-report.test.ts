/**
 * The impact report (issue 16, docs/decisions/0060) is for funders and admins only, for the page and
 * every download; bad filters get a message, never a failure; and a title typed by an organiser
 * cannot become a formula in a funder's spreadsheet.
 */
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createEvent } from "../factories/events.ts";
import { createUser } from "../factories/users.ts";
import * as reportRoute from "~/routes/impact._index.tsx";
import * as zipRoute from "~/routes/impact.$table[.]zip.ts";
import { buildImpactReport } from "~/modules/impact/report.server.ts";
import { tableZip } from "~/modules/impact/export.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";

const page = reportRoute.loader as Handler;
const download = zipRoute.loader as Handler;

describe("the impact report", () => {
  it("sends anonymous visitors to sign in and refuses every role but funder and admin, for the page and the downloads", async () => {
    for (const roles of [[], ["author"], ["organiser"], ["leader"]] as const) {
      const { cookie } = await createUser({ roles: [...roles] });
      expect((await callRoute(page, "/impact", {}, cookie)).status).toBe(403);
      expect((await callRoute(download, "/impact/modules.zip", { table: "modules" }, cookie)).status).toBe(403);
    }
    expect([302, 303]).toContain((await callRoute(page, "/impact", {}, undefined)).status);
    expect([302, 303]).toContain((await callRoute(download, "/impact/modules.zip", { table: "modules" }, undefined)).status);
    for (const role of ["funder", "admin"] as const) {
      const { cookie } = await createUser({ roles: [role] });
      const answer = await callRoute(page, "/impact", {}, cookie);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain("Educators reached");
      expect((await callRoute(download, "/impact/modules.zip", { table: "modules" }, cookie)).status).toBe(200);
    }
  });

  it("answers bad filters with a message on the page and 400 for a download, and an unknown table with 404", async () => {
    const { cookie } = await createUser({ roles: ["funder"] });
    const bad = await callRoute(page, "/impact?from=2026-02-30&to=yesterday&audience=aliens", {}, cookie);
    expect(bad.status).toBe(200);
    expect(bad.body).toContain("That date does not exist.");
    expect(bad.body).toContain("Give the date as YYYY-MM-DD.");
    expect(bad.body).toContain('"report":null');
    const backwards = await callRoute(page, "/impact?from=2026-05-01&to=2026-04-01", {}, cookie);
    expect(backwards.body).toContain("The end date must not be before the start date.");
    expect((await callRoute(download, "/impact/modules.zip?from=x", { table: "modules" }, cookie)).status).toBe(400);
    expect((await callRoute(download, "/impact/passwords.zip", { table: "passwords" }, cookie)).status).toBe(404);
  });

  it("writes a title that looks like a formula as text in the CSV", async () => {
    const today = londonIsoDate(new Date());
    await createEvent({
      title: '=HYPERLINK("https://evil.example","Click")',
      sessions: [{ id: "s", date: today, start: "00:30", end: "01:00" }],
    });
    const report = await buildImpactReport({ from: today, to: today });
    const zip = await JSZip.loadAsync(
      await tableZip(
        report,
        report.tables.find((t) => t.id === "live-events")!,
      ),
    );
    const csv = await zip.file("live-events.csv")!.async("string");
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""Click"")"`);
    expect(csv).not.toMatch(/^=|,=/m);
  });
});
