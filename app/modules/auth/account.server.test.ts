import { describe, expect, it } from "vitest";
import { sentEmails } from "../../../tests/setup/mail.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { createUser, requestWithCookie, TEST_PASSWORD, uniqueEmail } from "../../../tests/factories/users.ts";
import { prisma } from "~/utils/db.server.ts";
import { changePassword, findUsableResetToken, requestPasswordReset, resetPassword, signIn, createAccount } from "./account.server.ts";
import { SESSION_ABSOLUTE_LIFETIME_MS } from "./lucia.server.ts";
import { getCurrentUser } from "./session.server.ts";
import { GATE_RULES } from "./throttle.ts";
import { hashToken } from "./tokens.server.ts";

const tokenOf = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

describe("sign up", () => {
  it("stores an Argon2id hash, never the password, and starts a session", async () => {
    const user = await createUser();
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
    expect(user.cookie).toMatch(/^pathways_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
  });

  it("stores only the hash of the session token", async () => {
    const user = await createUser();
    const token = tokenOf(user.cookie);
    const sessions = await prisma.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).toBe(hashToken(token));
    expect(sessions[0]!.id).not.toBe(token);
  });

  it("creates nothing for an email that is already used", async () => {
    const user = await createUser();
    const again = await createAccount(
      {
        name: "Someone Else",
        email: user.email,
        password: "another long passphrase",
        organisationName: "Other School",
        organisationType: "secondary-school",
        roleInSchool: "class-teacher",
      },
      "not-a-real-hash",
    );
    expect(again).toBeNull();
    expect(await prisma.user.count({ where: { email: user.email } })).toBe(1);
  });
});

describe("sessions", () => {
  it("recognises a valid session cookie and nothing else", async () => {
    const user = await createUser();
    expect(await getCurrentUser(requestWithCookie(user.cookie))).toMatchObject({ id: user.id, roles: [] });
    const tampered = user.cookie.replace(/=(.)/, (_m, c: string) => `=${c === "A" ? "B" : "A"}`);
    expect(await getCurrentUser(requestWithCookie(tampered))).toBeNull();
    expect(await getCurrentUser(new Request("http://localhost/"))).toBeNull();
  });

  it("ends a session that has been idle past its expiry", async () => {
    const user = await createUser();
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getCurrentUser(requestWithCookie(user.cookie))).toBeNull();
  });

  it("ends a session past its absolute lifetime even while it is in use", async () => {
    const user = await createUser();
    await prisma.session.updateMany({
      where: { userId: user.id },
      data: { createdAt: new Date(Date.now() - SESSION_ABSOLUTE_LIFETIME_MS - 1000) },
    });
    expect(await getCurrentUser(requestWithCookie(user.cookie))).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("sign in", () => {
  it("starts a new session each time", async () => {
    const user = await createUser();
    const first = await signIn(user.email, user.password, "10.0.0.1");
    const second = await signIn(user.email, user.password, "10.0.0.1");
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) expect(tokenOf(first.cookie)).not.toBe(tokenOf(second.cookie));
  });

  it("says the same thing for a wrong password and an unknown account", async () => {
    const user = await createUser();
    const wrong = await signIn(user.email, "not the password", "10.0.0.2");
    const unknown = await signIn(uniqueEmail(), "not the password", "10.0.0.2");
    expect(wrong).toMatchObject({ ok: false, reason: "invalid" });
    expect(unknown).toMatchObject({ ok: false, reason: "invalid" });
    if (!wrong.ok && !unknown.ok) expect(wrong.message).toBe(unknown.message);
  });

  it("slows an account down after repeated failures from one address, and lets the right password in after the wait", async () => {
    const user = await createUser();
    const now = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < GATE_RULES.pair.freeAttempts; i++) {
      expect(await signIn(user.email, "wrong password", "10.1.0.1", now)).toMatchObject({ reason: "invalid" });
    }
    const early = await signIn(user.email, user.password, "10.1.0.1", now);
    expect(early).toMatchObject({ ok: false, reason: "throttled", retryAt: new Date(now.getTime() + 1000) });
    if (!early.ok) expect(early.message).toContain("Wait 1 second, then try again");
    expect((await signIn(user.email, user.password, "10.1.0.1", new Date(now.getTime() + 1000))).ok).toBe(true);
  });
});

describe("password reset", () => {
  async function resetLinkFor(email: string) {
    await runJobsUntilIdle(); // the email is a job (ADR 0053)
    const message = sentEmails().at(-1)!;
    expect(message.to).toBe(email);
    return /\/reset-password\/([\w-]+)/.exec(message.text)![1]!;
  }

  it("emails a single-use link that sets the password and ends every session", async () => {
    const user = await createUser();
    await requestPasswordReset(user.email, "https://pathways.example");
    const token = await resetLinkFor(user.email);
    expect(await prisma.passwordResetToken.findFirst({ where: { tokenHash: token } })).toBeNull(); // stored hashed

    expect(await resetPassword(token, "a brand new passphrase")).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await signIn(user.email, "a brand new passphrase", "10.2.0.1")).ok).toBe(true);
    expect((await signIn(user.email, user.password, "10.2.0.1")).ok).toBe(false);

    expect(await resetPassword(token, "yet another passphrase")).toBe(false); // used up
  });

  it("refuses an expired or unknown token and changes nothing", async () => {
    const user = await createUser();
    const now = new Date();
    await requestPasswordReset(user.email, "https://pathways.example", now);
    const token = await resetLinkFor(user.email);
    const later = new Date(now.getTime() + 61 * 60 * 1000);
    expect(await findUsableResetToken(token, later)).toBeNull();
    expect(await resetPassword(token, "a brand new passphrase", later)).toBe(false);
    expect(await resetPassword("not-a-real-token", "a brand new passphrase")).toBe(false);
    expect((await signIn(user.email, user.password, "10.3.0.1")).ok).toBe(true);
  });

  it("sends nothing for an unknown email", async () => {
    const before = sentEmails().length;
    await requestPasswordReset(uniqueEmail(), "https://pathways.example");
    await runJobsUntilIdle();
    expect(sentEmails()).toHaveLength(before);
  });
});

describe("change password", () => {
  it("ends every other session and keeps the new one", async () => {
    const user = await createUser();
    const other = await signIn(user.email, user.password, "10.4.0.1");
    expect(other.ok).toBe(true);
    const changed = await changePassword(user.id, user.password, "my new long passphrase");
    expect(changed.ok).toBe(true);
    if (!other.ok || !changed.ok) return;
    expect(await getCurrentUser(requestWithCookie(other.cookie))).toBeNull();
    expect(await getCurrentUser(requestWithCookie(user.cookie))).toBeNull();
    expect(await getCurrentUser(requestWithCookie(changed.cookie))).toMatchObject({ id: user.id });
  });

  it("refuses a wrong current password", async () => {
    const user = await createUser();
    expect(await changePassword(user.id, "wrong", "my new long passphrase")).toMatchObject({ ok: false });
  });
});
