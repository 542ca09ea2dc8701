import { runAfterResponse } from "~/utils/after-response.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { queueEmail } from "~/modules/email/email.server.ts";
import { getDummyHash, hashPassword, verifyPassword } from "./password.server.ts";
import { createUserSession } from "./session.server.ts";
import { retryMessage } from "./throttle.ts";
import { claimSignInAttempt, clearSignInGatesFor, pruneSignInGates, recordSignInSuccess } from "./throttle.server.ts";
import { generateToken, hashToken } from "./tokens.server.ts";
import { sendConfirmationEmail, sendSignUpAttemptEmail, startEmailChange } from "./email-confirmation.server.ts";
import type { OrganisationType, RoleInSchool } from "./account-schema.ts";

export const RESET_TOKEN_LIFETIME_MS = 60 * 60 * 1000;
export const MAX_RESET_EMAILS_PER_HOUR = 3;

export type SignUpInput = {
  name: string;
  email: string;
  password: string;
  organisationName: string;
  organisationType: OrganisationType;
  roleInSchool: RoleInSchool;
};

/**
 * What /sign-up does (docs/decisions/0031): the same, in about the same time, whether or not the
 * address has an account. The password is hashed in both cases before the answer ("check your
 * email"); looking the address up, creating the account and the email (a confirmation link, or
 * "you already have an account") happen after the response. No session is started here.
 */
export async function startSignUp(input: SignUpInput, origin: string): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  runAfterResponse("sign-up", () => completeSignUp(input, passwordHash, origin));
}

/** The part of sign-up that depends on whether the address has an account. Run after the response. */
export async function completeSignUp(input: SignUpInput, passwordHash: string, origin: string, now = new Date()): Promise<void> {
  const userId = await createAccount(input, passwordHash);
  if (userId) await sendConfirmationEmail(userId, origin, now);
  else await sendSignUpAttemptEmail(input.email, origin, now);
}

/** Creates an account whose address is not confirmed yet; null when the address already has one. */
export async function createAccount(input: SignUpInput, passwordHash: string): Promise<string | null> {
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return null;
  try {
    const user = await prisma.user.create({
      data: {
        name: input.name,
        email: input.email,
        passwordHash,
        organisationName: input.organisationName,
        organisationType: input.organisationType,
        roleInSchool: input.roleInSchool,
      },
      select: { id: true },
    });
    return user.id;
  } catch (error) {
    if (isUniqueViolation(error)) return null; // two sign-ups raced for the same email
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

export type SignInResult =
  | { ok: true; userId: string; cookie: string }
  | { ok: false; reason: "invalid"; message: string }
  | { ok: false; reason: "throttled"; message: string; retryAt: Date };

/**
 * Checks a password, throttled per account, per address and per account-from-address
 * (docs/decisions/0022): the attempt is counted before the password is checked, and an attempt
 * the throttle refuses is answered with when to try again, its password never checked.
 */
export async function signIn(email: string, password: string, ip: string, now = new Date()): Promise<SignInResult> {
  const gate = await claimSignInAttempt(email, ip, now);
  if (!gate.allowed) {
    return { ok: false, reason: "throttled", retryAt: gate.retryAt, message: retryMessage(gate.retryAt, now) };
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  // Verify against a dummy hash when there is no such user, so timing does not reveal accounts.
  const valid = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), password);
  if (!user || !valid) {
    if (Math.random() < 0.01) await pruneSignInGates(now); // now and then, forget idle gates
    return { ok: false, reason: "invalid", message: "The email address or password is not correct" };
  }
  await recordSignInSuccess(email, ip, now, gate);
  return { ok: true, userId: user.id, cookie: await createUserSession(user.id) };
}

/**
 * What /forgot-password does: the same, at once, whether or not the account exists. The lookup and
 * the email happen after the response (docs/decisions/0025), so neither the answer nor its timing
 * tells anyone who has an account.
 */
export function startPasswordReset(email: string, origin: string): void {
  runAfterResponse("password reset email", () => requestPasswordReset(email, origin));
}

/**
 * Emails a single-use link valid for an hour (nothing when there is no such account, or after
 * MAX_RESET_EMAILS_PER_HOUR). Run after the response: see startPasswordReset.
 */
export async function requestPasswordReset(email: string, origin: string, now = new Date()): Promise<void> {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) return;
  const recent = await prisma.passwordResetToken.count({
    where: { userId: user.id, createdAt: { gt: new Date(now.getTime() - 60 * 60 * 1000) } },
  });
  if (recent >= MAX_RESET_EMAILS_PER_HOUR) return;
  const token = generateToken();
  const link = `${origin}/reset-password/${token}`;
  // The token and the email carrying it are written together (the email is sent by a job, ADR 0053).
  await prisma.$transaction(async (tx) => {
    const { id } = await tx.passwordResetToken.create({
      data: { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_TOKEN_LIFETIME_MS), createdAt: now },
      select: { id: true },
    });
    await queueEmail(
      {
        to: email,
        subject: "Reset your Pathways password",
        text: [
          `Hello ${user.name},`,
          "",
          "Someone (we hope you) asked to reset the password for your Pathways account.",
          "Open this link within one hour to choose a new password:",
          "",
          link,
          "",
          "If you did not ask for this, you can ignore this email: your password has not changed.",
        ].join("\n"),
      },
      { key: `email:reset:${id}`, db: tx },
    );
  });
}

/** A reset token that is unknown, used or expired. */
export async function findUsableResetToken(token: string, now = new Date()) {
  const row = await prisma.passwordResetToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, expiresAt: true, usedAt: true, user: { select: { email: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now) return null;
  return row;
}

/**
 * Sets the new password, uses up the token and ends every session of the account, all or nothing.
 * The person then signs in with the new password.
 */
export async function resetPassword(token: string, newPassword: string, now = new Date()): Promise<boolean> {
  const row = await findUsableResetToken(token, now);
  if (!row) return false;
  const passwordHash = await hashPassword(newPassword);
  const claimed = await prisma.$transaction(async (tx) => {
    // The usedAt condition makes a second, concurrent use of the same link fail.
    const used = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) return false;
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await tx.session.deleteMany({ where: { userId: row.userId } });
    await clearSignInGatesFor(row.user.email, tx);
    return true;
  });
  return claimed;
}

/** Changing a password while signed in ends every other session. */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
): Promise<{ ok: true; cookie: string } | { ok: false; message: string }> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, message: "Your current password is not correct" };
  }
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash } }),
    prisma.session.deleteMany({ where: { userId } }),
  ]);
  return { ok: true, cookie: await createUserSession(userId) };
}

/** A new name for the account (it prints on certificates issued from now on; ADR 0031). */
export async function changeName(userId: string, name: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { name } });
}

export type EmailChangeResult = { ok: true } | { ok: false; field: "email" | "currentPassword"; message: string };

/**
 * Starts a change of address after checking the password (docs/decisions/0031): nothing changes
 * until the link sent to the new address is used, and the answer does not say whether the new
 * address has an account.
 */
export async function requestEmailChange({
  userId,
  newEmail,
  currentPassword,
  origin,
}: {
  userId: string;
  newEmail: string;
  currentPassword: string;
  origin: string;
}): Promise<EmailChangeResult> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, field: "currentPassword", message: "Your current password is not correct" };
  }
  if (user.email === newEmail) return { ok: false, field: "email", message: "That is already your email address" };
  startEmailChange({ userId, newEmail, origin });
  return { ok: true };
}
