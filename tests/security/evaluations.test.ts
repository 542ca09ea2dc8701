/**
 * Evaluations (issue 16, docs/decisions/0064) as a hostile teacher, funder, leader or evaluator
 * would try them: only evaluators and admins see them, only admins change them, an export needs the
 * lock, a purpose and an agreement, and the pseudonym key never leaves the server.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import * as listRoute from "~/routes/evaluations._index.tsx";
import * as pageRoute from "~/routes/evaluations.$id.tsx";
import * as exportRoute from "~/routes/evaluations.$id_.export.ts";
import { applyEvaluationAction, createEvaluation } from "~/modules/evaluations/evaluations.server.ts";
import { prisma } from "~/utils/db.server.ts";

const list = { loader: listRoute.loader as Handler, action: listRoute.action as Handler };
const page = { loader: pageRoute.loader as Handler, action: pageRoute.action as Handler };
const download = exportRoute.action as Handler;

const tag = crypto.randomBytes(3).toString("hex");
const urnA = 1_000_000 + crypto.randomInt(0, 3_000_000);
const urnB = urnA + 1;
let locked = "";
let open = "";
const creation = {
  name: `Security evaluation ${tag}`,
  question: "Does it work?",
  startsOn: "2026-01-01",
  endsOn: "2026-06-30",
  assignmentMethod: "randomised",
};
const exportForm = { purpose: "Interim analysis", agreementRef: "DSA-1" };

beforeAll(async () => {
  for (const urn of [urnA, urnB])
    await prisma.school.create({
      data: {
        urn,
        name: `School ${urn}`,
        laCode: "998",
        laName: "Testshire",
        region: `Security region ${tag}`,
        phase: "Secondary",
        type: "Academy converter",
        status: "Open",
        postcode: "ZZ9 9ZZ",
        canonicalUrn: urn,
        searchText: "",
      },
    });
  const adminId = (await createUser({ roles: ["admin"] })).id;
  locked = await createEvaluation(adminId, { ...creation, assignmentMethod: "randomised", activities: [] });
  await applyEvaluationAction(locked, adminId, { intent: "add-schools", urns: String(urnA), arm: "treatment" });
  await applyEvaluationAction(locked, adminId, { intent: "add-schools", urns: String(urnB), arm: "control" });
  await applyEvaluationAction(locked, adminId, { intent: "lock", assignedOn: "2025-12-01" });
  open = await createEvaluation(adminId, { ...creation, name: `Open ${tag}`, assignmentMethod: "matched", activities: [] });
});

describe("evaluations", () => {
  it("send anonymous visitors to sign in and refuse every role but evaluator and admin, for reading and exporting", async () => {
    for (const roles of [[], ["author"], ["organiser"], ["leader"], ["funder"]] as const) {
      const { cookie } = await createUser({ roles: [...roles] });
      expect((await callRoute(list.loader, "/evaluations", {}, cookie)).status).toBe(403);
      expect((await callRoute(page.loader, `/evaluations/${locked}`, { id: locked }, cookie)).status).toBe(403);
      expect((await callRoute(download, `/evaluations/${locked}/export`, { id: locked }, cookie, exportForm)).status).toBe(403);
    }
    expect([302, 303]).toContain((await callRoute(list.loader, "/evaluations", {}, undefined)).status);
    expect([302, 303]).toContain(
      (await callRoute(download, `/evaluations/${locked}/export`, { id: locked }, undefined, exportForm)).status,
    );
    expect(await prisma.evaluationExport.count({ where: { evaluationId: locked } })).toBe(0);
  });

  it("let an evaluator read and export, but not set up, change or lock anything", async () => {
    const { cookie } = await createUser({ roles: ["evaluator"] });
    const read = await callRoute(page.loader, `/evaluations/${locked}`, { id: locked }, cookie);
    expect(read.status).toBe(200);
    expect(read.body).toContain(`Security evaluation ${tag}`);
    expect((await callRoute(list.action, "/evaluations", {}, cookie, { ...creation })).status).toBe(403);
    for (const form of <Record<string, string>[]>[
      { intent: "add-schools", urns: String(urnA), arm: "control" },
      { intent: "lock", assignedOn: "2026-01-01" },
      { intent: "withdraw", urn: String(urnA), withdrawnOn: "2026-01-01" },
    ])
      expect((await callRoute(page.action, `/evaluations/${open}`, { id: open }, cookie, form)).status).toBe(403);
    expect(await prisma.evaluationSchool.count({ where: { evaluationId: open } })).toBe(0);
    expect((await prisma.evaluationSchool.findFirstOrThrow({ where: { evaluationId: locked, urn: urnA } })).withdrawnOn).toBeNull();
    const exported = await callRoute(download, `/evaluations/${locked}/export`, { id: locked }, cookie, exportForm);
    expect(exported.status).toBe(200);
    expect(await prisma.evaluationExport.count({ where: { evaluationId: locked } })).toBe(1);
  });

  it("never shows the pseudonym key, and refuses an export without the lock, a purpose or an agreement, logging nothing", async () => {
    const { cookie } = await createUser({ roles: ["admin"] });
    const { pseudonymKey } = await prisma.evaluation.findUniqueOrThrow({ where: { id: locked } });
    for (const body of [
      (await callRoute(page.loader, `/evaluations/${locked}`, { id: locked }, cookie)).body,
      (await callRoute(list.loader, "/evaluations", {}, cookie)).body,
    ])
      expect(body).not.toContain(pseudonymKey);
    const before = await prisma.evaluationExport.count();
    for (const [id, form] of [
      [open, exportForm],
      [locked, { purpose: "", agreementRef: "DSA-1" }],
      [locked, { purpose: "Analysis", agreementRef: "   " }],
    ] as const) {
      const answer = await callRoute(download, `/evaluations/${id}/export`, { id }, cookie, form);
      expect([302, 303]).toContain(answer.status);
    }
    expect(await prisma.evaluationExport.count()).toBe(before);
    expect((await callRoute(download, "/evaluations/nope/export", { id: "nope" }, cookie, exportForm)).status).toBe(404);
    expect((await callRoute(page.loader, "/evaluations/nope", { id: "nope" }, cookie)).status).toBe(404);
  });

  it("answer an admin's bad input with a message, and a change to locked arms with 409, changing nothing", async () => {
    const { cookie } = await createUser({ roles: ["admin"] });
    const bad = await callRoute(list.action, "/evaluations", {}, cookie, { ...creation, startsOn: "2026-07-01", endsOn: "2026-01-01" });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("The end date must not be before the start date.");
    const unknown = await callRoute(page.action, `/evaluations/${open}`, { id: open }, cookie, {
      intent: "add-schools",
      urns: "9999999",
      arm: "treatment",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain("No school has the URN 9999999");
    const moved = await callRoute(page.action, `/evaluations/${locked}`, { id: locked }, cookie, {
      intent: "add-schools",
      urns: String(urnA),
      arm: "control",
    });
    expect(moved.status).toBe(409);
    expect((await prisma.evaluationSchool.findFirstOrThrow({ where: { evaluationId: locked, urn: urnA } })).arm).toBe("treatment");
  });
});
