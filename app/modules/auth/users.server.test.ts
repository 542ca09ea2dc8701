import { describe, expect, it } from "vitest";
import { createUser, requestWithCookie } from "../../../tests/factories/users.ts";
import { getCurrentUser } from "./session.server.ts";
import { grantRole, listUsers, removeRole } from "./users.server.ts";

describe("roles", () => {
  it("grants and removes roles, and the session sees them", async () => {
    const user = await createUser();
    expect(await grantRole(user.id, "author")).toBe(true);
    expect(await grantRole(user.id, "author")).toBe(true); // granting twice is harmless
    expect((await getCurrentUser(requestWithCookie(user.cookie)))?.roles).toEqual(["author"]);
    const admin = await createUser({ roles: ["admin"] });
    expect(await removeRole(admin.id, user.id, "author")).toEqual({ ok: true });
    expect((await getCurrentUser(requestWithCookie(user.cookie)))?.roles).toEqual([]);
  });

  it("does not let an admin remove their own admin role", async () => {
    const admin = await createUser({ roles: ["admin"] });
    expect(await removeRole(admin.id, admin.id, "admin")).toMatchObject({ ok: false });
    expect((await getCurrentUser(requestWithCookie(admin.cookie)))?.roles).toEqual(["admin"]);
  });

  it("refuses to grant a role to a user who does not exist", async () => {
    expect(await grantRole("no-such-user", "admin")).toBe(false);
  });

  it("lists and searches users", async () => {
    const user = await createUser({ name: "Zadie Searchable" });
    const found = await listUsers({ query: "zadie", page: 1 });
    expect(found.users.map((u) => u.id)).toContain(user.id);
    const byEmail = await listUsers({ query: user.email.toUpperCase(), page: 1 });
    expect(byEmail.users.map((u) => u.id)).toEqual([user.id]);
  });
});
