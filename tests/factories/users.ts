import crypto from "node:crypto";
import { signUp, type SignUpInput } from "~/modules/auth/account.server.ts";
import type { Role } from "~/modules/auth/roles.ts";
import { prisma } from "~/utils/db.server.ts";

export function uniqueEmail(prefix = "teacher") {
  return `${prefix}-${crypto.randomBytes(5).toString("hex")}@school.example`;
}

export const TEST_PASSWORD = "correct horse battery";

/**
 * A real account created through sign-up (the same path a person takes). `verified` (default true)
 * is whether its email address counts as confirmed (ADR 0031); false leaves it as sign-up does.
 */
export async function createUser(overrides: Partial<SignUpInput> & { roles?: Role[]; verified?: boolean } = {}) {
  const { roles = [], verified = true, ...rest } = overrides;
  const input: SignUpInput = {
    name: "Test Teacher",
    email: uniqueEmail(),
    password: TEST_PASSWORD,
    organisationName: "Test Primary School",
    organisationType: "primary-school",
    roleInSchool: "class-teacher",
    ...rest,
  };
  const result = await signUp(input);
  if (!result.ok) throw new Error(result.message);
  await prisma.user.update({ where: { id: result.userId }, data: { emailVerifiedAt: verified ? new Date() : null } });
  for (const role of roles) await prisma.userRole.create({ data: { userId: result.userId, role } });
  return { id: result.userId, email: input.email, password: input.password, cookie: result.cookie };
}

/** A Request carrying the session cookie from a Set-Cookie header value. */
export function requestWithCookie(setCookie: string, url = "http://localhost/") {
  const pair = setCookie.split(";")[0] ?? "";
  return new Request(url, { headers: { Cookie: pair } });
}
