import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { deleteAccount, exportPersonalData } from "./personal-data.server.ts";

async function learnerWithProgress() {
  const id = `gdpr-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({ id, activities: [{ id: "think", type: "reflection" }] });
  const user = await createUser();
  await enrol(user.id, id);
  await recordProgress({
    userId: user.id,
    moduleId: id,
    activityId: "think",
    clientId: crypto.randomUUID(),
    write: { intent: "reflection", text: "My own words" },
  });
  return { user, moduleId: id };
}

describe("personal data", () => {
  it("exports everything about the learner, without secrets", async () => {
    const { user, moduleId } = await learnerWithProgress();
    const data = await exportPersonalData(user.id);
    expect(data.email).toBe(user.email);
    expect(data.enrolments).toEqual([expect.objectContaining({ moduleId })]);
    expect(data.reflections).toEqual([expect.objectContaining({ text: "My own words" })]);
    const text = JSON.stringify(data);
    expect(text).not.toContain("argon2");
    expect(text).not.toMatch(/passwordHash|"id":"[0-9a-f]{64}"/);
  });

  it("deletes the account and its data after checking the password", async () => {
    const { user } = await learnerWithProgress();
    expect(await deleteAccount(user.id, "wrong password")).toMatchObject({ ok: false });
    expect(await deleteAccount(user.id, user.password)).toEqual({ ok: true });
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(0);
    expect(await prisma.reflection.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("keeps the last administrator", async () => {
    await prisma.userRole.deleteMany({ where: { role: "admin" } });
    const admin = await createUser({ roles: ["admin"] });
    expect(await deleteAccount(admin.id, admin.password)).toMatchObject({
      ok: false,
      message: expect.stringContaining("only administrator"),
    });
  });
});
