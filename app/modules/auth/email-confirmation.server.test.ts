/**
 * Confirming addresses (ADR 0031) against real SQLite and a real SMTP server (tests/setup).
 */
import { describe, expect, it } from "vitest";
import { createUser, uniqueEmail } from "../../../tests/factories/users.ts";
import { latestEmailTo, linkIn, sentEmails } from "../../../tests/setup/mail.ts";
import { prisma } from "~/utils/db.server.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { settleAfterResponseTasks } from "~/utils/after-response.server.ts";
import { completeSignUp, requestEmailChange } from "./account.server.ts";
import {
  confirmEmail,
  EMAIL_TOKEN_LIFETIME_MS,
  MAX_CONFIRMATION_EMAILS_PER_HOUR,
  sendConfirmationEmail,
  sendEmailChangeEmails,
} from "./email-confirmation.server.ts";
import { hashPassword } from "./password.server.ts";

const ORIGIN = "https://pathways.example";
const tokenFrom = (email: string) =>
  linkIn(latestEmailTo(email), /https:\/\/pathways\.example\/confirm-email\/[\w-]{43}/)
    .split("/")
    .at(-1)!;

function input(email: string) {
  return {
    name: "Priya Patel",
    email,
    password: "lighthouse tangerine 42",
    organisationName: "Riverside Academy",
    organisationType: "secondary-school" as const,
    roleInSchool: "class-teacher" as const,
  };
}

describe("sign-up confirmation", () => {
  it("creates an unconfirmed account and emails a link that confirms it once and signs the person in", async () => {
    const email = uniqueEmail();
    await completeSignUp(input(email), await hashPassword("lighthouse tangerine 42"), ORIGIN);
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(latestEmailTo(email)?.subject).toBe("Confirm your email address for Pathways");
    const token = tokenFrom(email);
    // Only the hash is stored.
    expect(await prisma.emailToken.count({ where: { tokenHash: token } })).toBe(0);

    const result = await confirmEmail({ token, signedInUserId: null });
    expect(result).toMatchObject({ ok: true, purpose: "verify", email });
    expect(result.ok && result.cookie).toMatch(/^pathways_session=/);
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();

    // Single use.
    expect(await confirmEmail({ token, signedInUserId: null })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("tells an existing address that someone tried to sign up, with sign-in and reset links and nothing that changes the account", async () => {
    const existing = await createUser({ name: "Sam Okafor" });
    const before = await prisma.user.findUniqueOrThrow({ where: { id: existing.id } });
    await completeSignUp({ ...input(existing.email), name: "Intruder" }, await hashPassword("another long phrase"), ORIGIN);
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    const after = await prisma.user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after).toEqual(before);
    const mail = latestEmailTo(existing.email)!;
    expect(mail.subject).toBe("Someone tried to create a Pathways account with your address");
    expect(mail.text).toContain(`${ORIGIN}/sign-in`);
    expect(mail.text).toContain(`${ORIGIN}/forgot-password`);
    expect(mail.text).not.toMatch(/confirm-email|reset-password\//);
  });

  it("refuses an expired, a forged and a foreign link; a foreign one is not used up", async () => {
    const a = await createUser({ verified: false });
    const b = await createUser();
    const now = new Date();
    expect(await sendConfirmationEmail(a.id, ORIGIN, now)).toBe(true);
    await runJobsUntilIdle();
    const token = tokenFrom(a.email);

    expect(await confirmEmail({ token: token.replace(/^./, (c) => (c === "A" ? "B" : "A")), signedInUserId: null })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(await confirmEmail({ token: "x".repeat(43), signedInUserId: null })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await confirmEmail({ token, signedInUserId: b.id })).toMatchObject({ ok: false, reason: "other-account" });
    const late = new Date(now.getTime() + EMAIL_TOKEN_LIFETIME_MS + 1000);
    expect(await confirmEmail({ token, signedInUserId: null, now: late })).toMatchObject({ ok: false, reason: "invalid" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: a.id } })).emailVerifiedAt).toBeNull();

    // Still usable by its owner in time, signed in: no new session then.
    expect(await confirmEmail({ token, signedInUserId: a.id })).toMatchObject({ ok: true, cookie: null });
  });

  it("sends at most a few emails an hour to one account, and none once it is confirmed", async () => {
    const a = await createUser({ verified: false });
    const sent = [];
    for (let i = 0; i < MAX_CONFIRMATION_EMAILS_PER_HOUR + 2; i++) sent.push(await sendConfirmationEmail(a.id, ORIGIN));
    expect(sent.filter(Boolean)).toHaveLength(MAX_CONFIRMATION_EMAILS_PER_HOUR);
    const b = await createUser();
    expect(await sendConfirmationEmail(b.id, ORIGIN)).toBe(false);
  });
});

describe("changing the email address", () => {
  it("changes nothing until the link sent to the new address is used; the old address is told, without a link", async () => {
    const user = await createUser({ name: "Ada Lovelace" });
    const newEmail = uniqueEmail("new");
    const refused = await requestEmailChange({ userId: user.id, newEmail, currentPassword: "wrong password", origin: ORIGIN });
    expect(refused).toMatchObject({ ok: false, field: "currentPassword" });
    expect(await requestEmailChange({ userId: user.id, newEmail, currentPassword: user.password, origin: ORIGIN })).toEqual({ ok: true });
    await settleAfterResponseTasks();
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);

    const notice = latestEmailTo(user.email)!;
    expect(notice.subject).toBe("Your Pathways email address is being changed");
    expect(notice.text).toContain(newEmail);
    expect(notice.text).not.toMatch(/https?:\/\//);

    const token = tokenFrom(newEmail);
    expect(await confirmEmail({ token, signedInUserId: user.id })).toMatchObject({
      ok: true,
      purpose: "change",
      email: newEmail,
      cookie: null,
    });
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.email).toBe(newEmail);
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(await confirmEmail({ token, signedInUserId: user.id })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("answers alike for an address another account has, which gets a note and no link; nothing changes", async () => {
    const user = await createUser();
    const other = await createUser();
    const before = sentEmails().length;
    expect(await requestEmailChange({ userId: user.id, newEmail: other.email, currentPassword: user.password, origin: ORIGIN })).toEqual({
      ok: true,
    });
    await settleAfterResponseTasks();
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    const sent = sentEmails().slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual([other.email, user.email].sort());
    expect(latestEmailTo(other.email)!.text).not.toMatch(/confirm-email/);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it("refuses a change link once the address has been taken by another account meanwhile", async () => {
    const user = await createUser();
    const newEmail = uniqueEmail("contested");
    await sendEmailChangeEmails({ userId: user.id, newEmail, origin: ORIGIN });
    await runJobsUntilIdle();
    const token = tokenFrom(newEmail);
    await createUser({ email: newEmail });
    expect(await confirmEmail({ token, signedInUserId: user.id })).toMatchObject({ ok: false, reason: "taken" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });
});
