import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../factories/courses.ts";
import { createUser, requestWithCookie } from "../factories/users.ts";
import { issueCertificate } from "~/modules/certificates/certificates.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { action as adminAction, loader as adminLoader } from "~/routes/admin.completions.tsx";
import { action as apiProgress } from "~/routes/api.progress.ts";
import { action as issueAction } from "~/routes/certificates._index.tsx";
import { loader as lessonLoader } from "~/routes/courses.$moduleId.learn.$activityId.tsx";

/**
 * Issue 11, item 4: the forged certificate, attempted again. The attacker of the report failed a
 * quiz once, read the right answers from the lesson data, passed on the second attempt and took a
 * signed certificate for a 3-hour module in 1.2 seconds. Now the lesson data holds no answers
 * (ADR 0023), and a completion that fast is held for an admin instead of certified (ADR 0024).
 */
const context = { cspNonce: "n", clientIp: "127.0.0.1" };
const cookieOf = (setCookie: string) => setCookie.split(";")[0]!;

/** A 3-hour module: five 30-minute readings and a 30-minute quiz (fixture answers: q1 b, q2 yes). */
async function threeHourModule() {
  const moduleId = `forged-${crypto.randomBytes(4).toString("hex")}`;
  const readings = Array.from({ length: 5 }, (_, i) => ({ id: `read-${i + 1}`, type: "reading" as const, minutes: 30 }));
  await publishFixtureModule({ id: moduleId, activities: [...readings, { id: "quiz", type: "quiz", minutes: 30 }] });
  return { moduleId, activityIds: [...readings.map((r) => r.id), "quiz"] };
}

async function post(cookie: string, body: Record<string, unknown>) {
  const request = new Request("http://localhost/api/progress", {
    method: "POST",
    headers: { Cookie: cookieOf(cookie), "Content-Type": "application/json" },
    body: JSON.stringify({ clientId: crypto.randomUUID(), ...body }),
  });
  const response = await apiProgress({ request, params: {}, context });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function lessonData(cookie: string, moduleId: string, activityId: string) {
  const request = requestWithCookie(
    cookie,
    `http://localhost/courses/${moduleId}/learn/${activityId}?_data=routes%2Fcourses.%24moduleId.learn.%24activityId`,
  );
  return JSON.stringify(await lessonLoader({ request, params: { moduleId, activityId }, context }));
}

async function askForCertificate(cookie: string, moduleId: string) {
  const form = new FormData();
  form.set("moduleId", moduleId);
  const request = new Request("http://localhost/certificates?index", { method: "POST", headers: { Cookie: cookieOf(cookie) }, body: form });
  const result = (await issueAction({ request, params: {}, context })) as Response | { data: { error: string }; init: { status: number } };
  return result;
}

/** The attack of the report, in as few requests as it took. */
async function attack() {
  const { moduleId, activityIds } = await threeHourModule();
  const learner = await createUser({ name: "Mal Forger" });
  await enrol(learner.id, moduleId);
  for (const activityId of activityIds.slice(0, -1))
    expect((await post(learner.cookie, { moduleId, activityId, intent: "complete" })).status).toBe(200);
  const failed = await post(learner.cookie, { moduleId, activityId: "quiz", intent: "quiz", answers: { q1: ["a"], q2: ["no"] } });
  expect(failed.json).toMatchObject({ ok: true, quiz: { passed: false } });
  const data = await lessonData(learner.cookie, moduleId, "quiz");
  const passed = await post(learner.cookie, { moduleId, activityId: "quiz", intent: "quiz", answers: { q1: ["b"], q2: ["yes"] } });
  expect(passed.json).toMatchObject({ ok: true, moduleComplete: true });
  return { moduleId, learner, failedJson: JSON.stringify(failed.json), data };
}

describe("the forged-certificate attempt", () => {
  it("after a failed quiz, neither the write's answer nor the re-fetched lesson data holds the right answers", async () => {
    const { failedJson, data } = await attack();
    for (const json of [failedJson, data]) {
      for (const tell of ["correctOptionIds", '"answer":', '"accepted"', "Yes b", '"text":"Type yes"']) expect(json).not.toContain(tell);
    }
    expect(data).toContain('"revealed":false');
  });

  it("completing a 3-hour module in seconds gives no certificate: it is held for an admin, and the learner is told", async () => {
    const { moduleId, learner } = await attack();
    const result = await askForCertificate(learner.cookie, moduleId);
    expect(result).toMatchObject({ init: { status: 409 }, data: { error: expect.stringMatching(/awaiting a check/) } });
    expect(await prisma.certificate.count({ where: { userId: learner.id } })).toBe(0);
    const held = await prisma.completionCheck.findUniqueOrThrow({ where: { userId_moduleId: { userId: learner.id, moduleId } } });
    expect(held).toMatchObject({ status: "held", floorSeconds: 17 * 60 });
    expect(held.tookSeconds).toBeLessThan(60);
    // Asking again changes nothing; the lesson page says the certificate is awaited.
    await expect(issueCertificate({ userId: learner.id, moduleId, origin: "http://localhost" })).rejects.toMatchObject({ status: 409 });
    expect(await prisma.completionCheck.count({ where: { userId: learner.id } })).toBe(1);
    expect(await lessonData(learner.cookie, moduleId, "quiz")).toContain('"check":{"status":"held"');
  });
});

describe("/admin/completions", () => {
  const adminRequest = (cookie: string, form?: Record<string, string>) =>
    form
      ? new Request("http://localhost/admin/completions", {
          method: "POST",
          headers: { Cookie: cookieOf(cookie) },
          body: new URLSearchParams(form),
        })
      : requestWithCookie(cookie, "http://localhost/admin/completions");

  it("lists a held completion; approving issues the certificate, signed and valid", async () => {
    const { moduleId, learner } = await attack();
    await askForCertificate(learner.cookie, moduleId);
    const admin = await createUser({ roles: ["admin"], name: "Ada Admin" });
    const { held } = await adminLoader({ request: adminRequest(admin.cookie), params: {}, context });
    const row = held.find((h) => h.moduleId === moduleId);
    expect(row).toMatchObject({ user: { name: "Mal Forger" }, floorSeconds: 17 * 60 });
    const approved = await adminAction({
      request: adminRequest(admin.cookie, { intent: "approve", checkId: row!.id }),
      params: {},
      context,
    });
    expect(approved).toMatchObject({ ok: true });
    const certificate = await prisma.certificate.findUniqueOrThrow({ where: { userId_moduleId: { userId: learner.id, moduleId } } });
    expect(certificate.status).toBe("valid");
    expect((await adminLoader({ request: adminRequest(admin.cookie), params: {}, context })).held.some((h) => h.id === row!.id)).toBe(
      false,
    );
    // Deciding it twice is refused.
    const again = await adminAction({ request: adminRequest(admin.cookie, { intent: "approve", checkId: row!.id }), params: {}, context });
    expect(again).toMatchObject({ init: { status: 404 } });
  });

  it("rejecting needs a reason, which the learner is shown; no certificate is issued", async () => {
    const { moduleId, learner } = await attack();
    await askForCertificate(learner.cookie, moduleId);
    const admin = await createUser({ roles: ["admin"] });
    const check = await prisma.completionCheck.findUniqueOrThrow({ where: { userId_moduleId: { userId: learner.id, moduleId } } });
    const noReason = await adminAction({
      request: adminRequest(admin.cookie, { intent: "reject", checkId: check.id, reason: " " }),
      params: {},
      context,
    });
    expect(noReason).toMatchObject({ init: { status: 400 } });
    const reason = "The activities were completed two seconds apart.";
    expect(
      await adminAction({ request: adminRequest(admin.cookie, { intent: "reject", checkId: check.id, reason }), params: {}, context }),
    ).toMatchObject({
      ok: true,
    });
    const result = await askForCertificate(learner.cookie, moduleId);
    expect(result).toMatchObject({ init: { status: 403 }, data: { error: expect.stringContaining(reason) } });
    expect(await lessonData(learner.cookie, moduleId, "quiz")).toContain(reason);
    expect(await prisma.certificate.count({ where: { userId: learner.id } })).toBe(0);
  });

  it("is for admins only: the learner, an author and a leader get 403, and nothing is decided", async () => {
    const { moduleId, learner } = await attack();
    await askForCertificate(learner.cookie, moduleId);
    const check = await prisma.completionCheck.findUniqueOrThrow({ where: { userId_moduleId: { userId: learner.id, moduleId } } });
    const author = await createUser({ roles: ["author"] });
    const leader = await createUser({ roles: ["leader"] });
    for (const who of [learner, author, leader]) {
      const viewing = await adminLoader({ request: adminRequest(who.cookie), params: {}, context }).catch((e: unknown) => e);
      expect(viewing).toBeInstanceOf(Response);
      expect((viewing as Response).status).toBe(403);
      for (const form of <Record<string, string>[]>[
        { intent: "approve", checkId: check.id },
        { intent: "reject", checkId: check.id, reason: "Not me" },
      ]) {
        const deciding = await adminAction({ request: adminRequest(who.cookie, form), params: {}, context }).catch((e: unknown) => e);
        expect((deciding as Response).status).toBe(403);
      }
    }
    const anonymous = await adminLoader({ request: new Request("http://localhost/admin/completions"), params: {}, context }).catch(
      (e: unknown) => e,
    );
    expect([302, 401, 403]).toContain((anonymous as Response).status);
    expect(await prisma.completionCheck.findUniqueOrThrow({ where: { id: check.id } })).toMatchObject({
      status: "held",
      decidedById: null,
    });
  });
});
