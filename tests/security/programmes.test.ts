/**
 * Programmes (docs/decisions/0065) are set by admins only: every other role is refused, for the
 * list, the form and an existing programme; a name already taken, or bad input, gets a message and
 * changes nothing; an unknown programme is 404.
 */
import { describe, expect, it } from "vitest";
import { callRoute, type Handler } from "../factories/routes.ts";
import { createUser } from "../factories/users.ts";
import * as listRoute from "~/routes/admin.programmes.tsx";
import * as editRoute from "~/routes/admin.programmes_.$id.tsx";
import { saveProgramme } from "~/modules/programmes/programmes.server.ts";
import { prisma } from "~/utils/db.server.ts";

const list = { loader: listRoute.loader as Handler, action: listRoute.action as Handler };
const edit = { loader: editRoute.loader as Handler, action: editRoute.action as Handler };

describe("programmes", () => {
  it("refuse every role but admin, and send anonymous visitors to sign in", async () => {
    const id = await saveProgramme(null, { name: "Guarded programme", description: "", activities: [] });
    for (const roles of [[], ["author"], ["organiser"], ["leader"], ["funder"], ["evaluator"]] as const) {
      const { cookie } = await createUser({ roles: [...roles] });
      expect((await callRoute(list.loader, "/admin/programmes", {}, cookie)).status).toBe(403);
      expect((await callRoute(list.action, "/admin/programmes", {}, cookie, { name: "Taken over" })).status).toBe(403);
      expect((await callRoute(edit.loader, `/admin/programmes/${id}`, { id }, cookie)).status).toBe(403);
      expect((await callRoute(edit.action, `/admin/programmes/${id}`, { id }, cookie, { name: "Renamed" })).status).toBe(403);
    }
    expect([302, 303]).toContain((await callRoute(list.loader, "/admin/programmes", {}, undefined)).status);
    expect(await prisma.programme.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Guarded programme" });
    expect(await prisma.programme.count({ where: { name: { in: ["Taken over", "Renamed"] } } })).toBe(0);
  });

  it("answer an admin's bad input with a message beside the field, and an unknown programme with 404", async () => {
    const { cookie } = await createUser({ roles: ["admin"] });
    await saveProgramme(null, { name: "Digital Talent Pipeline", description: "", activities: [] });
    const taken = await callRoute(list.action, "/admin/programmes", {}, cookie, { name: "Digital Talent Pipeline" });
    expect(taken.status).toBe(400);
    expect(taken.body).toContain("There is already a programme called");
    const bad = await callRoute(list.action, "/admin/programmes", {}, cookie, { name: "Odd", activities: "module:../../etc" });
    expect(bad.status).toBe(400);
    expect(await prisma.programme.count({ where: { name: "Odd" } })).toBe(0);
    expect((await callRoute(edit.loader, "/admin/programmes/nope", { id: "nope" }, cookie)).status).toBe(404);
    expect((await callRoute(edit.action, "/admin/programmes/nope", { id: "nope" }, cookie, { name: "Anything" })).status).toBe(404);
  });
});
