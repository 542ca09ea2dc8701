/**
 * Account enumeration (issue 11, lower severity): /forgot-password answers the same words at once
 * whether or not the address has an account; the lookup and the email happen after the response
 * (docs/decisions/0025), so the timing cannot tell either. Asserted by behaviour, not by a stopwatch:
 * when the action has answered, nothing about the account has been looked at or written yet.
 */
import { describe, expect, it } from "vitest";
import { action as forgotPassword } from "~/routes/forgot-password.tsx";
import { prisma } from "~/utils/db.server.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { settleAfterResponseTasks } from "~/utils/after-response.server.ts";
import { createUser, uniqueEmail } from "../factories/users.ts";
import { sentEmails } from "../setup/mail.ts";

const outbox = sentEmails;

async function ask(email: string) {
  const body = new URLSearchParams({ email });
  const request = new Request("http://localhost/forgot-password", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  const result = (await forgotPassword({ request, params: {}, context: { clientIp: "192.0.2.1", cspNonce: "" } })) as {
    result: unknown;
    sentTo: string;
  };
  return result;
}

describe("forgot password", () => {
  it("answers a real and an unknown address alike, before doing any work for either", async () => {
    const user = await createUser();
    const unknown = uniqueEmail();
    const before = outbox().length;

    const real = await ask(user.email);
    // The response is ready, and the account has not been touched: no token, no email yet.
    expect(await prisma.passwordResetToken.count({ where: { userId: user.id } })).toBe(0);
    expect(outbox()).toHaveLength(before);
    const none = await ask(unknown);
    expect(JSON.stringify({ ...none, sentTo: "x" })).toBe(JSON.stringify({ ...real, sentTo: "x" }));

    await settleAfterResponseTasks();
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    expect(await prisma.passwordResetToken.count({ where: { userId: user.id } })).toBe(1);
    const sent = outbox().slice(before);
    expect(sent.map((m) => m.to)).toEqual([user.email]);
    expect(sent[0]!.subject).toBe("Reset your Pathways password");
  });
});
