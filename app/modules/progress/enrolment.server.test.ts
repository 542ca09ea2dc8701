import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../tests/factories/users.ts";
import type { ModuleMeta } from "~/modules/catalog/course-format/module-file.ts";
import type { LoadedModule } from "~/modules/catalog/load-course.server.ts";
import { publishLoadedModule } from "~/modules/catalog/publish.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { enrolInModule } from "./enrolment.server.ts";

function buildModule(id: string, availability?: ModuleMeta["availability"]): LoadedModule {
  const meta: ModuleMeta = {
    id,
    title: `Module ${id}`,
    summary: "A module used by the enrolment tests.",
    outcomes: ["Enrol"],
    audience: ["primary-teachers"],
    keyStages: ["KS2"],
    topics: ["testing"],
    cpdHours: 1,
    prerequisites: [],
    authors: [{ name: "Test Author", role: "author" }],
    completion: { required: "all" },
    ...(availability ? { availability } : {}),
  };
  return {
    folder: id,
    dir: path.join(os.tmpdir(), "pathways-no-such-dir", id),
    meta,
    sections: [{ title: "Only section", activityIds: ["read"] }],
    activities: [
      { id: "read", type: "reading", title: "Read", minutes: 10, file: "01-read.md", body: "Text.\n", sectionIndex: 0, position: 0 },
    ],
    contentHash: crypto.createHash("sha256").update(JSON.stringify(meta)).digest("hex"),
    assets: [],
  };
}

const NOW = new Date("2027-01-15T12:00:00Z");
const enrolments = (userId: string, moduleId: string) => prisma.enrolment.count({ where: { userId, moduleId } });

beforeAll(async () => {
  await publishLoadedModule(buildModule("always-open"));
  await publishLoadedModule(buildModule("opens-later", { from: "2027-09-01" }));
  await publishLoadedModule(buildModule("closed-window", { from: "2026-01-01", until: "2026-07-31" }));
  await publishLoadedModule(buildModule("withdrawn"));
  await prisma.module.update({ where: { id: "withdrawn" }, data: { archivedAt: new Date("2026-12-01T00:00:00Z") } });
  await prisma.module.create({ data: { id: "never-published", source: "browser" } });
});

describe("enrolInModule", () => {
  it("enrols once and records when", async () => {
    const user = await createUser();
    expect(await enrolInModule({ userId: user.id, moduleId: "always-open", now: NOW })).toEqual({ ok: true, alreadyEnrolled: false });
    const row = await prisma.enrolment.findUniqueOrThrow({ where: { userId_moduleId: { userId: user.id, moduleId: "always-open" } } });
    expect(row.enrolledAt).toEqual(NOW);
  });

  it("is idempotent: enrolling again changes nothing", async () => {
    const user = await createUser();
    await enrolInModule({ userId: user.id, moduleId: "always-open", now: NOW });
    expect(await enrolInModule({ userId: user.id, moduleId: "always-open", now: new Date("2027-02-01T00:00:00Z") })).toEqual({
      ok: true,
      alreadyEnrolled: true,
    });
    expect(await enrolments(user.id, "always-open")).toBe(1);
    const row = await prisma.enrolment.findFirstOrThrow({ where: { userId: user.id, moduleId: "always-open" } });
    expect(row.enrolledAt).toEqual(NOW);
  });

  it("survives simultaneous requests (two tabs, a double click): one row, every answer ok", async () => {
    const user = await createUser();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => enrolInModule({ userId: user.id, moduleId: "always-open", now: NOW })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && !r.alreadyEnrolled)).toHaveLength(1);
    expect(await enrolments(user.id, "always-open")).toBe(1);
  });

  it("keeps one learner's enrolment apart from another's", async () => {
    const [a, b] = [await createUser(), await createUser()];
    await enrolInModule({ userId: a.id, moduleId: "always-open", now: NOW });
    expect(await enrolInModule({ userId: b.id, moduleId: "always-open", now: NOW })).toEqual({ ok: true, alreadyEnrolled: false });
  });

  it("refuses unknown, never-published and malformed modules", async () => {
    const user = await createUser();
    for (const moduleId of ["no-such-module", "never-published", "../etc/passwd", ""]) {
      expect(await enrolInModule({ userId: user.id, moduleId, now: NOW })).toMatchObject({ ok: false, reason: "not-found" });
    }
    expect(await prisma.enrolment.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses new enrolments outside the availability window, saying when it opens or closed", async () => {
    const user = await createUser();
    expect(await enrolInModule({ userId: user.id, moduleId: "opens-later", now: NOW })).toEqual({
      ok: false,
      reason: "not-yet-available",
      message: "This module opens for enrolment on 1 September 2027.",
    });
    expect(await enrolInModule({ userId: user.id, moduleId: "closed-window", now: NOW })).toMatchObject({
      ok: false,
      reason: "no-longer-available",
      message: expect.stringContaining("closed for enrolment on 31 July 2026") as unknown,
    });
    expect(await prisma.enrolment.count({ where: { userId: user.id } })).toBe(0);
    // Once the window opens, the same person can enrol.
    expect(await enrolInModule({ userId: user.id, moduleId: "opens-later", now: new Date("2027-09-01T00:00:00Z") })).toEqual({
      ok: true,
      alreadyEnrolled: false,
    });
  });

  it("lets people already enrolled keep their place after the window closes", async () => {
    const user = await createUser();
    expect(await enrolInModule({ userId: user.id, moduleId: "closed-window", now: new Date("2026-03-01T00:00:00Z") })).toEqual({
      ok: true,
      alreadyEnrolled: false,
    });
    expect(await enrolInModule({ userId: user.id, moduleId: "closed-window", now: NOW })).toEqual({ ok: true, alreadyEnrolled: true });
  });

  it("refuses new enrolments in an archived module but keeps existing ones", async () => {
    const [newcomer, existing] = [await createUser(), await createUser()];
    await prisma.enrolment.create({ data: { userId: existing.id, moduleId: "withdrawn" } });
    expect(await enrolInModule({ userId: newcomer.id, moduleId: "withdrawn", now: NOW })).toMatchObject({
      ok: false,
      reason: "no-longer-available",
      message: expect.stringContaining("withdrawn") as unknown,
    });
    expect(await enrolInModule({ userId: existing.id, moduleId: "withdrawn", now: NOW })).toEqual({ ok: true, alreadyEnrolled: true });
  });
});
