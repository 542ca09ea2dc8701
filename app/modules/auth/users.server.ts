import { containsText, prisma } from "~/utils/db.server.ts";
import type { Role } from "./roles.ts";

export const USERS_PAGE_SIZE = 25;

/** For the admin page: users with their roles, newest first, optionally filtered by name or email. */
export async function listUsers({ query, page }: { query?: string; page: number }) {
  const where = query ? { OR: [{ email: containsText(query.toLowerCase()) }, { name: containsText(query) }] } : {};
  const [total, users] = await Promise.all([
    prisma.user.count({ where }),
    prisma.user.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: { id: true, name: true, email: true, organisationName: true, createdAt: true, roles: { select: { role: true } } },
    }),
  ]);
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)),
    users: users.map((u) => ({ ...u, roles: u.roles.map((r) => r.role) })),
  };
}

export async function grantRole(userId: string, role: Role): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return false;
  await prisma.userRole.upsert({ where: { userId_role: { userId, role } }, create: { userId, role }, update: {} });
  return true;
}

export type RemoveRoleResult = { ok: true } | { ok: false; message: string };

/** An admin cannot remove their own admin role, so there is always at least one admin. */
export async function removeRole(actingUserId: string, userId: string, role: Role): Promise<RemoveRoleResult> {
  if (role === "admin" && actingUserId === userId) {
    return { ok: false, message: "You cannot remove your own administrator role. Ask another administrator." };
  }
  await prisma.userRole.deleteMany({ where: { userId, role } });
  return { ok: true };
}
