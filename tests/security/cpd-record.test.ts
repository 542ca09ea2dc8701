/**
 * A teacher's CPD record export (/learning/cpd.csv), tried at the route as Remix calls it: nobody
 * signed out gets it, a teacher only ever gets their own certificates, and a revoked certificate
 * adds no hours (so a record cannot claim CPD the programme has withdrawn).
 */
import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { loader } from "~/routes/learning.cpd[.]csv.ts";
import { prisma } from "~/utils/db.server.ts";
import { createUser, requestWithCookie } from "../factories/users.ts";

const URL = "http://localhost/learning/cpd.csv";
const context = { clientIp: "192.0.2.1", cspNonce: "" };

async function certificateFor(userId: string, over: { cpdHours?: number; status?: string; moduleTitle?: string } = {}) {
  const id = crypto.randomBytes(15).toString("hex");
  await prisma.certificate.create({
    data: {
      id,
      userId,
      moduleId: `cpd-${id.slice(0, 8)}`,
      moduleTitle: over.moduleTitle ?? "Questioning in computing lessons",
      versionNumber: 1,
      holderName: "Test Teacher",
      cpdHours: over.cpdHours ?? 1.5,
      completedAt: new Date(),
      issuer: "http://localhost",
      status: over.status ?? "valid",
      credential: "{}",
    },
  });
  return id;
}

async function recordOf(cookie: string) {
  const response = (await loader({ request: requestWithCookie(cookie, URL), params: {}, context })) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(response.headers.get("Cache-Control")).toBe("private, no-store");
  return { text: await response.clone().text(), rows: parse(await response.text(), { bom: true, relax_column_count: true }) as string[][] };
}

describe("the CPD record export", () => {
  it("sends someone signed out to sign in", async () => {
    let thrown: unknown;
    try {
      await loader({ request: new Request(URL), params: {}, context });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("holds only the signed-in teacher's own certificates, and revoked ones add nothing", async () => {
    const [owner, other] = await Promise.all([createUser(), createUser()]);
    const mine = await certificateFor(owner.id, { cpdHours: 2 });
    const withdrawn = await certificateFor(owner.id, { cpdHours: 30, status: "revoked" });
    const theirs = await certificateFor(other.id, { moduleTitle: "Someone else's module" });

    const own = await recordOf(owner.cookie);
    expect(own.text).toContain(mine);
    expect(own.text).not.toContain(withdrawn);
    expect(own.text).not.toContain(theirs);
    expect(own.rows.at(-1)).toEqual(["Total, all time", "", "", "", "2", "", ""]);

    const others = await recordOf(other.cookie);
    expect(others.text).not.toContain(mine);
    expect(others.text).toContain(theirs);
    expect(others.rows.at(-1)).toEqual(["Total, all time", "", "", "", "1.5", "", ""]);
  });
});
