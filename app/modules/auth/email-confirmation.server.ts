/**
 * Confirming email addresses (docs/decisions/0031): the link sent after sign-up, and the link sent
 * to a new address when someone changes theirs. Tokens are single-use, expire, and are stored only
 * as their SHA-256 hash (as password-reset tokens are).
 */
import { runAfterResponse } from "~/utils/after-response.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { queueEmail } from "~/modules/email/email.server.ts";
import { createUserSession } from "./session.server.ts";
import { generateToken, hashToken } from "./tokens.server.ts";

import { EmailTokenPurpose } from "./email-token-purpose.ts";

export { EmailTokenPurpose };

/** A confirmation link works for 48 hours (long enough for a teacher to find it after a teaching day). */
export const EMAIL_TOKEN_LIFETIME_MS = 48 * 60 * 60 * 1000;
/** At most this many confirmation emails per account per hour, whoever asks for them. */
export const MAX_CONFIRMATION_EMAILS_PER_HOUR = 3;

const HOUR_MS = 60 * 60 * 1000;

export const confirmLink = (origin: string, token: string) => `${origin}/confirm-email/${token}`;

/** Whether another confirmation email may go to this account now (counted from the tokens it was sent). */
async function mayEmail(userId: string, now: Date): Promise<boolean> {
  const recent = await prisma.emailToken.count({ where: { userId, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } } });
  return recent < MAX_CONFIRMATION_EMAILS_PER_HOUR;
}

async function createEmailToken(
  userId: string,
  purpose: EmailTokenPurpose,
  email: string,
  now: Date,
  db: Pick<typeof prisma, "emailToken"> = prisma,
): Promise<{ token: string; id: string }> {
  const token = generateToken();
  const { id } = await db.emailToken.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      purpose,
      email,
      expiresAt: new Date(now.getTime() + EMAIL_TOKEN_LIFETIME_MS),
      createdAt: now,
    },
    select: { id: true },
  });
  return { token, id };
}

/**
 * Emails a link confirming the account's current address, unless it is confirmed already or the
 * account had MAX_CONFIRMATION_EMAILS_PER_HOUR in the last hour. Returns whether one was sent.
 */
export async function sendConfirmationEmail(userId: string, origin: string, now = new Date()): Promise<boolean> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, name: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt || !(await mayEmail(userId, now))) return false;
  await prisma.$transaction(async (tx) => {
    // The token and the email that carries it are written together: neither exists without the other.
    const { token, id } = await createEmailToken(userId, EmailTokenPurpose.verify, user.email, now, tx);
    await queueEmail(
      {
        to: user.email,
        subject: "Confirm your email address for Pathways",
        text: [
          `Hello ${user.name},`,
          "",
          "Thank you for joining Pathways. Open this link within 48 hours to confirm your email address:",
          "",
          confirmLink(origin, token),
          "",
          "You can sign in and start learning straight away; we need your confirmed address before we can issue a certificate.",
          "",
          "If you did not create a Pathways account, you can ignore this email.",
        ].join("\n"),
      },
      { key: `email:confirm:${id}`, db: tx },
    );
  });
  return true;
}

/** For "send the link again" on the check-email page: the same for every address (run after the response). */
export async function resendConfirmationTo(email: string, origin: string, now = new Date()): Promise<void> {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (user) await sendConfirmationEmail(user.id, origin, now);
}

/** What sign-up sends to an address that already has an account: no link that changes anything. */
export async function sendSignUpAttemptEmail(email: string, origin: string, now = new Date()): Promise<void> {
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true } });
  if (!user) return;
  // Kept to the confirmation emails' allowance, so sign-up cannot be used to flood an inbox.
  if (!(await mayEmail(user.id, now))) return;
  const { id } = await prisma.emailToken.create({
    // A spent token records that an email went out (it counts towards the hourly allowance only).
    select: { id: true },
    data: {
      tokenHash: hashToken(generateToken()),
      userId: user.id,
      purpose: EmailTokenPurpose.verify,
      email,
      expiresAt: now,
      usedAt: now,
      createdAt: now,
    },
  });
  await queueEmail(
    {
      to: email,
      subject: "Someone tried to create a Pathways account with your address",
      text: [
        `Hello ${user.name},`,
        "",
        "Someone (perhaps you) tried to create a new Pathways account with this email address. You already have an account, so nothing was created and nothing has changed.",
        "",
        `Sign in: ${origin}/sign-in`,
        `Forgotten your password? Choose a new one: ${origin}/forgot-password`,
        "",
        "If this was not you, you can ignore this email.",
      ].join("\n"),
    },
    { key: `email:sign-up-attempt:${id}` },
  );
}

export type EmailTokenView = { purpose: EmailTokenPurpose; email: string; userId: string };

/** A token that is known, unused, unexpired, and still about the account's situation; null otherwise. */
export async function findUsableEmailToken(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const row = await prisma.emailToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, purpose: true, email: true, expiresAt: true, usedAt: true, user: { select: { email: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now) return null;
  const purpose = row.purpose === EmailTokenPurpose.change ? EmailTokenPurpose.change : EmailTokenPurpose.verify;
  // A confirmation for an address the account no longer has is void.
  if (purpose === EmailTokenPurpose.verify && row.email !== row.user.email) return null;
  return { id: row.id, userId: row.userId, purpose, email: row.email };
}

export type ConfirmResult =
  | { ok: true; purpose: EmailTokenPurpose; email: string; cookie: string | null }
  | { ok: false; reason: "invalid" | "other-account" | "taken"; message: string };

export const INVALID_LINK_MESSAGE = "This link has expired or has already been used. Sign in and ask for a new one from your account page.";
export const OTHER_ACCOUNT_MESSAGE =
  "This link belongs to a different account from the one you are signed in to. Sign out, then open the link again.";

/**
 * Uses a confirmation link. `signedInUserId` is whoever is signed in on this browser: a link for
 * another account is refused (and not used up). Confirming after sign-up while signed out signs
 * the person in (the link proves they hold the address); a change of address never does.
 */
export async function confirmEmail({
  token,
  signedInUserId,
  now = new Date(),
}: {
  token: string;
  signedInUserId: string | null;
  now?: Date;
}): Promise<ConfirmResult> {
  const row = await findUsableEmailToken(token, now);
  if (!row) return { ok: false, reason: "invalid", message: INVALID_LINK_MESSAGE };
  if (signedInUserId && signedInUserId !== row.userId) return { ok: false, reason: "other-account", message: OTHER_ACCOUNT_MESSAGE };
  const outcome = await prisma.$transaction(async (tx) => {
    // The usedAt condition makes a second, concurrent use of the same link fail.
    const used = await tx.emailToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (used.count !== 1) return "invalid" as const;
    if (row.purpose === EmailTokenPurpose.change) {
      const taken = await tx.user.findFirst({ where: { email: row.email, id: { not: row.userId } }, select: { id: true } });
      if (taken) return "taken" as const;
      await tx.user.update({ where: { id: row.userId }, data: { email: row.email, emailVerifiedAt: now } });
    } else {
      await tx.user.updateMany({ where: { id: row.userId, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    }
    // Every other outstanding link of the same kind is void now.
    await tx.emailToken.updateMany({ where: { userId: row.userId, purpose: row.purpose, usedAt: null }, data: { usedAt: now } });
    return "done" as const;
  });
  if (outcome === "invalid") return { ok: false, reason: "invalid", message: INVALID_LINK_MESSAGE };
  if (outcome === "taken") {
    return {
      ok: false,
      reason: "taken",
      message: "That address now belongs to another Pathways account, so your address has not changed.",
    };
  }
  const signIn = !signedInUserId && row.purpose === EmailTokenPurpose.verify;
  return { ok: true, purpose: row.purpose, email: row.email, cookie: signIn ? await createUserSession(row.userId) : null };
}

/** "Send the link again" from the check-email page: answers at once, the same for every address. */
export function startResendConfirmation(email: string, origin: string): void {
  runAfterResponse("confirmation email", () => resendConfirmationTo(email, origin));
}

/**
 * A signed-in person asks to move their account to `newEmail` (docs/decisions/0031). Nothing
 * changes until the link sent to the new address is used. The answer is the same whether or not
 * the new address belongs to another account; the emails go after the response: to the new address
 * a link (or, when it has an account already, a note that nothing changed), and to the old address
 * a notice with no link in it.
 */
export function startEmailChange({ userId, newEmail, origin }: { userId: string; newEmail: string; origin: string }): void {
  runAfterResponse("email change", () => sendEmailChangeEmails({ userId, newEmail, origin }));
}

export async function sendEmailChangeEmails({
  userId,
  newEmail,
  origin,
  now = new Date(),
}: {
  userId: string;
  newEmail: string;
  origin: string;
  now?: Date;
}): Promise<void> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  if (!user || user.email === newEmail || !(await mayEmail(userId, now))) return;
  const taken = await prisma.user.findUnique({ where: { email: newEmail }, select: { id: true } });
  // Each email's job is keyed by the token row it goes with, so one request is one set of emails.
  let tokenId: string;
  if (taken) {
    ({ id: tokenId } = await prisma.emailToken.create({
      select: { id: true },
      // Spent at once: it only counts towards this account's hourly allowance of emails.
      data: {
        tokenHash: hashToken(generateToken()),
        userId,
        purpose: EmailTokenPurpose.change,
        email: newEmail,
        expiresAt: now,
        usedAt: now,
        createdAt: now,
      },
    }));
    await queueEmail(
      {
        to: newEmail,
        subject: "A request to use your address for another Pathways account",
        text: [
          "Hello,",
          "",
          "Someone asked to move a different Pathways account to this email address. This address already has its own Pathways account, so nothing has changed.",
          "",
          "If you meant to change the address of another account you hold, choose a different address for it, or delete one of the accounts.",
        ].join("\n"),
      },
      { key: `email:change-taken:${tokenId}` },
    );
  } else {
    const created = await createEmailToken(userId, EmailTokenPurpose.change, newEmail, now);
    const token = created.token;
    tokenId = created.id;
    await queueEmail(
      {
        to: newEmail,
        subject: "Confirm your new email address for Pathways",
        text: [
          `Hello ${user.name},`,
          "",
          `You asked to change the email address of your Pathways account from ${user.email} to this one. Open this link within 48 hours to confirm:`,
          "",
          confirmLink(origin, token),
          "",
          "Until you do, nothing changes: you still sign in with your old address.",
          "If you did not ask for this, ignore this email.",
        ].join("\n"),
      },
      { key: `email:change:${tokenId}` },
    );
  }
  await queueEmail(
    {
      to: user.email,
      subject: "Your Pathways email address is being changed",
      text: [
        `Hello ${user.name},`,
        "",
        `Someone signed in to your Pathways account asked to change its email address to ${newEmail}. The change happens only when the link sent to that address is used.`,
        "",
        "If this was you, there is nothing to do here. If it was not, sign in to Pathways as usual and change your password at once: that ends every other session.",
      ].join("\n"),
    },
    { key: `email:change-notice:${tokenId}` },
  );
}

/** "Send the link again" from the account page (the person's own, unconfirmed address). */
export function startSendConfirmation(userId: string, origin: string): void {
  runAfterResponse("confirmation email", async () => void (await sendConfirmationEmail(userId, origin)));
}
