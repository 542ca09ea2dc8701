import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { buildImpactReport } from "~/modules/impact/report.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { getGiasImport, searchSchools, setOrganisationUrn, startGiasImport } from "./gias.server.ts";

/**
 * Importing GIAS (docs/decisions/0061) through the job queue, on this file's database (both in CI),
 * and a school that became an academy counting once in the impact report.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../../../tests/fixtures/gias");
const file = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

async function importFixture() {
  const admin = await createUser({ roles: ["admin"] });
  const id = await startGiasImport({ establishments: file("edubasealldata.csv"), links: file("links.csv"), userId: admin.id });
  await runJobsUntilIdle();
  return getGiasImport(id);
}

describe("importing GIAS", () => {
  it("stores every school with who it counts as, records its progress, and says what it skipped; again, it changes nothing", async () => {
    const run = await importFixture();
    expect(run).toMatchObject({ status: "done", total: 9, processed: 9, links: 5, skipped: 1 });
    expect(run?.message).toContain('line 11: "ABC" is not a URN');
    expect(await prisma.school.findUniqueOrThrow({ where: { urn: 990001 } })).toMatchObject({
      status: "Closed",
      closedOn: "2019-08-31",
      canonicalUrn: 990101,
    });
    expect((await prisma.school.findUniqueOrThrow({ where: { urn: 990004 } })).name).toBe("Académie Française de Londres");
    const again = await importFixture();
    expect(again).toMatchObject({ status: "done", processed: 9 });
    expect(await prisma.school.count({ where: { urn: { gte: 990001, lte: 990200 } } })).toBe(9);
  });

  it("refuses a file that is not GIAS's before queueing anything", async () => {
    const admin = await createUser({ roles: ["admin"] });
    const before = await prisma.giasImport.count();
    await expect(
      startGiasImport({ establishments: new TextEncoder().encode("Name,Email\nA,b@example.org\n"), links: null, userId: admin.id }),
    ).rejects.toMatchObject({ message: expect.stringContaining("This is not the GIAS establishments file") });
    expect(await prisma.giasImport.count()).toBe(before);
  });

  it("finds schools by name, postcode or URN, and matches organisations only to schools it has", async () => {
    await importFixture();
    expect((await searchSchools("riverside")).map((s) => s.urn).sort()).toEqual([990001, 990101]);
    expect((await searchSchools("EB2 2BB")).map((s) => s.urn)).toEqual([990002]);
    expect((await searchSchools("990007")).map((s) => s.name)).toEqual(["Northgate Primary School"]);
    const org = await prisma.organisation.create({ data: { name: "Riverside", type: "primary-school" } });
    await expect(setOrganisationUrn(org.id, 123456)).rejects.toMatchObject({
      message: expect.stringContaining("no school with URN 123456"),
    });
    await setOrganisationUrn(org.id, 990001);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: org.id } })).urn).toBe(990001);
  });

  it("counts a school once in the impact report, across an academy conversion and an amalgamation", async () => {
    await importFixture();
    await publishFixtureModule({ id: "gias-report-module", activities: [{ id: "read", type: "reading" }] });
    // Eight organisations matched to eight URNs: 990001 became 990101, and 990005 joined 990106. Six schools.
    const urns = [990001, 990101, 990002, 990003, 990004, 990007, 990106, 990005];
    for (const [i, urn] of urns.entries()) {
      const org = await prisma.organisation.create({ data: { name: `Organisation ${urn}`, type: "primary-school", urn } });
      const user = await createUser();
      await prisma.membership.create({ data: { userId: user.id, organisationId: org.id } });
      await prisma.enrolment.create({
        data: { userId: user.id, moduleId: "gias-report-module", enrolledAt: new Date(`2018-03-${String(10 + i)}T12:00:00Z`) },
      });
    }
    const report = await buildImpactReport({ from: "2018-01-01", to: "2018-12-31" });
    expect(report.headlines.find((h) => h.label === "Educators reached")?.value).toBe(8);
    expect(report.headlines.find((h) => h.label === "Organisations reached")?.value).toBe(6);
  });

  it("narrows the report to the schools of a region or a phase", async () => {
    await importFixture();
    await publishFixtureModule({ id: "gias-area-module", activities: [{ id: "read", type: "reading" }] });
    // Two people at each of eight schools: North West has 990001, 990101, 990005 and 990106 (8 people);
    // secondary phase has 990002, 990005 and 990106 (6 people); one unmatched organisation counts in neither.
    const urns = [990001, 990101, 990002, 990003, 990004, 990007, 990106, 990005, null];
    for (const urn of urns) {
      const org = await prisma.organisation.create({ data: { name: `Area ${urn}`, type: "primary-school", urn } });
      for (let i = 0; i < 2; i++) {
        const user = await createUser();
        await prisma.membership.create({ data: { userId: user.id, organisationId: org.id } });
        await prisma.enrolment.create({
          data: { userId: user.id, moduleId: "gias-area-module", enrolledAt: new Date("2017-05-10T12:00:00Z") },
        });
      }
    }
    const educators = async (filters: object) =>
      (await buildImpactReport({ from: "2017-01-01", to: "2017-12-31", ...filters })).headlines.find((h) => h.label === "Educators reached")
        ?.value;
    expect(await educators({})).toBe(18);
    expect(await educators({ region: "North West" })).toBe(8);
    expect(await educators({ phase: "Secondary" })).toBe(6);
    expect(await educators({ region: "North West", phase: "Primary" })).toBe(null); // 4: hidden
    expect(await educators({ localAuthority: "Nowhere" })).toBe(0);
  });
});
