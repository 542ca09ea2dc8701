import crypto from "node:crypto";
import { createAccount, type SignUpInput } from "~/modules/auth/account.server.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { createUserSession } from "~/modules/auth/session.server.ts";
import type { Role } from "~/modules/auth/roles.ts";
import { prisma } from "~/utils/db.server.ts";

export function uniqueEmail(prefix = "teacher") {
  return `${prefix}-${crypto.randomBytes(5).toString("hex")}@school.example`;
}

export const TEST_PASSWORD = "correct horse battery";

/**
 * A real account, created by the function sign-up uses, and signed in (`cookie`). `verified`
 * (default true) is whether its address counts as confirmed (ADR 0031); false leaves it as
 * sign-up does.
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
  const id = await createAccount(input, await hashPassword(input.password));
  if (!id) throw new Error(`${input.email} already has an account`);
  if (verified) await prisma.user.update({ where: { id }, data: { emailVerifiedAt: new Date() } });
  for (const role of roles) await prisma.userRole.create({ data: { userId: id, role } });
  return { id, email: input.email, password: input.password, cookie: await createUserSession(id) };
}

/** A Request carrying the session cookie from a Set-Cookie header value. */
export function requestWithCookie(setCookie: string, url = "http://localhost/") {
  const pair = setCookie.split(";")[0] ?? "";
  return new Request(url, { headers: { Cookie: pair } });
}
