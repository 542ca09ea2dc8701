import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { enrol, publishFixtureModule } from "../../../tests/factories/courses.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { recordProgress } from "~/modules/progress/record-progress.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { revokeCertificate } from "./certificates.server.ts";
import { getCompletion } from "./completion.server.ts";

const ORIGIN = "https://pathways.example.org";

async function setup({ verified = true, complete = true } = {}) {
  const id = `done-${crypto.randomBytes(4).toString("hex")}`;
  await publishFixtureModule({
    id,
    title: "Finishing well",
    activities: [
      { id: "read-1", type: "reading" },
      { id: "read-2", type: "reading" },
    ],
  });
  const user = await createUser({ name: "Bea Fictional-Finisher", verified });
  await enrol(user.id, id);
  for (const activityId of complete ? ["read-1", "read-2"] : ["read-1"]) {
    await recordProgress({ userId: user.id, moduleId: id, activityId, clientId: crypto.randomUUID(), write: { intent: "complete" } });
  }
  return { id, user };
}

describe("the completion page's data", () => {
  it("issues the certificate on the first visit and the same one on every later visit", async () => {
    const { id, user } = await setup();
    const first = await getCompletion({ userId: user.id, moduleId: id, origin: ORIGIN });
    expect(first).toMatchObject({ complete: true, title: "Finishing well", cpdHours: 1, rating: null });
    if (!first?.complete || first.certificate.state !== "issued") throw new Error(`expected a certificate, got ${JSON.stringify(first)}`);
    expect(first.certificate.certificate).toMatchObject({ holderName: "Bea Fictional-Finisher", moduleId: id, status: "valid" });
    const again = await getCompletion({ userId: user.id, moduleId: id, origin: ORIGIN });
    expect(again?.complete && again.certificate.state === "issued" && again.certificate.certificate.id).toBe(
      first.certificate.certificate.id,
    );
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1);
  });

  it("after a revocation says so, and issues nothing new", async () => {
    const { id, user } = await setup();
    const first = await getCompletion({ userId: user.id, moduleId: id, origin: ORIGIN });
    if (!first?.complete || first.certificate.state !== "issued") throw new Error("expected a certificate");
    const admin = await createUser({ roles: ["admin"] });
    await revokeCertificate({ id: first.certificate.certificate.id, reason: "Issued in error", adminId: admin.id });
    const after = await getCompletion({ userId: user.id, moduleId: id, origin: ORIGIN });
    expect(after).toMatchObject({ complete: true, certificate: { state: "revoked", certificate: { revokedReason: "Issued in error" } } });
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1);
  });

  it("issues nothing to an unconfirmed address, and says so", async () => {
    const { id, user } = await setup({ verified: false });
    const page = await getCompletion({ userId: user.id, moduleId: id, origin: ORIGIN });
    expect(page).toMatchObject({ complete: true, certificate: { state: "unconfirmed" } });
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(0);
  });

  it("issues nothing before the module is complete, and nothing to someone not enrolled", async () => {
    const { id, user } = await setup({ complete: false });
    expect(await getCompletion({ userId: user.id, moduleId: id, origin: ORIGIN })).toMatchObject({ complete: false });
    const stranger = await createUser();
    expect(await getCompletion({ userId: stranger.id, moduleId: id, origin: ORIGIN })).toBeNull();
    expect(await prisma.certificate.count({ where: { moduleId: id } })).toBe(0);
  });
});
