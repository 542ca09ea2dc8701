/**
 * The schools (GIAS) pages are for admins only, for GET and POST; a file that is not GIAS's, or an
 * upload without a file, gets a message and queues nothing; a URN that is not a school is refused.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { callRoute, routeContext, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import * as schoolsRoute from "~/routes/admin.schools.tsx";
import * as importRoute from "~/routes/admin.schools_.imports.$id.tsx";
import * as leaderSchoolRoute from "~/routes/organisations.$id_.school.tsx";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { prisma } from "~/utils/db.server.ts";

const loader = schoolsRoute.loader as Handler;
const action = schoolsRoute.action as Handler;

async function upload(cookie: string, files: Record<string, Blob>) {
  const form = new FormData();
  form.set("intent", "import");
  for (const [name, blob] of Object.entries(files)) form.set(name, blob, `${name}.csv`);
  const request = new Request("http://localhost/admin/schools", { method: "POST", body: form, headers: { Cookie: cookie.split(";")[0]! } });
  try {
    const answer = (await action({ request, params: {}, context: routeContext })) as { init?: { status?: number }; data?: unknown };
    return { status: answer.init?.status ?? 200, body: JSON.stringify(answer.data) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text(), location: thrown.headers.get("Location") };
    throw thrown;
  }
}

describe("the schools (GIAS) pages", () => {
  it("refuse everyone but admins, and send anonymous visitors to sign in", async () => {
    for (const roles of [[], ["leader"], ["funder"], ["organiser"]] as const) {
      const { cookie } = await createUser({ roles: [...roles] });
      expect((await callRoute(loader, "/admin/schools", {}, cookie)).status).toBe(403);
      expect((await callRoute(action, "/admin/schools", {}, cookie, { intent: "match", organisationId: "x", urn: "990001" })).status).toBe(
        403,
      );
      expect((await callRoute(importRoute.loader as Handler, "/admin/schools/imports/x", { id: "x" }, cookie)).status).toBe(403);
    }
    expect([302, 303]).toContain((await callRoute(loader, "/admin/schools", {}, undefined)).status);
  });

  it("refuse a file that is not GIAS's, and an upload with no file, with a message and nothing queued", async () => {
    const { cookie } = await createUser({ roles: ["admin"] });
    const before = await prisma.giasImport.count();
    const wrong = await upload(cookie, { establishments: new Blob(["Name,Password\nAda,secret\n"]) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain("This is not the GIAS establishments file");
    const none = await upload(cookie, {});
    expect(none.status).toBe(400);
    expect(none.body).toContain("Choose the establishments file");
    expect(await prisma.giasImport.count()).toBe(before);
    const real = await upload(cookie, {
      establishments: new Blob([fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/gias/edubasealldata.csv"))]),
    });
    expect(real.status).toBe(302);
    expect(real.location).toMatch(/^\/admin\/schools\/imports\/[\w-]+$/);
  });

  it("refuse a URN that is not a school, and an organisation that does not exist", async () => {
    const { cookie } = await createUser({ roles: ["admin"] });
    const org = await prisma.organisation.create({ data: { name: "Nowhere School", type: "primary-school" } });
    const notSchool = await callRoute(action, "/admin/schools", {}, cookie, { intent: "match", organisationId: org.id, urn: "123456" });
    expect(notSchool.status).toBe(400);
    expect(notSchool.body).toContain("There is no school with URN 123456");
    const badUrn = await callRoute(action, "/admin/schools", {}, cookie, { intent: "match", organisationId: org.id, urn: "1; DROP" });
    expect(badUrn.status).toBe(400);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: org.id } })).urn).toBeNull();
  });

  it("let a leader choose their own organisation's school, and nobody else change it", async () => {
    const admin = await createUser({ roles: ["admin"] });
    await upload(admin.cookie, {
      establishments: new Blob([fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/gias/edubasealldata.csv"))]),
    });
    await runJobsUntilIdle();
    const org = await prisma.organisation.create({ data: { name: "Hillcrest High", type: "secondary-school" } });
    const other = await prisma.organisation.create({ data: { name: "Another School", type: "secondary-school" } });
    const leader = await createUser({ roles: ["leader"] });
    const member = await createUser();
    const otherLeader = await createUser({ roles: ["leader"] });
    await prisma.membership.create({ data: { userId: leader.id, organisationId: org.id, role: "leader" } });
    await prisma.membership.create({ data: { userId: member.id, organisationId: org.id, role: "member" } });
    await prisma.membership.create({ data: { userId: otherLeader.id, organisationId: other.id, role: "leader" } });
    const url = `/organisations/${org.id}/school`;
    const load = leaderSchoolRoute.loader as Handler;
    const act = leaderSchoolRoute.action as Handler;
    for (const cookie of [member.cookie, otherLeader.cookie, admin.cookie]) {
      expect((await callRoute(load, url, { id: org.id }, cookie)).status).toBe(404);
      expect((await callRoute(act, url, { id: org.id }, cookie, { urn: "990002" })).status).toBe(404);
    }
    expect([302, 303]).toContain((await callRoute(act, url, { id: org.id }, undefined, { urn: "990002" })).status);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: org.id } })).urn).toBeNull();

    expect((await callRoute(act, url, { id: org.id }, leader.cookie, { urn: "999999" })).status).toBe(400);
    expect((await callRoute(act, url, { id: org.id }, leader.cookie, { urn: "990002" })).status).toBe(302);
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: org.id } })).urn).toBe(990002);
    const page = await callRoute(load, `${url}?q=hillcrest`, { id: org.id }, leader.cookie);
    expect(page.body).toContain("Hillcrest High School");
  });
});
