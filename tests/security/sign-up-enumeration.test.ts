/**
 * Sign-up does not tell a stranger which addresses have accounts (issue 11; ADR 0031): the answer
 * for a new and for an existing address is the same status, the same place, the same headers (no
 * session cookie for either) and takes about as long (a password is hashed in both cases); what
 * differs is only the email, sent after the response. Also: an email-change request for someone
 * else's address answers as any other.
 */
import { describe, expect, it } from "vitest";
import { action as signUpAction } from "~/routes/sign-up.tsx";
import { action as accountAction } from "~/routes/account._index.tsx";
import { prisma } from "~/utils/db.server.ts";
import { runJobsUntilIdle } from "~/modules/job-handlers/handlers.server.ts";
import { holdAfterResponseTasks, settleAfterResponseTasks } from "~/utils/after-response.server.ts";
import { createUser, uniqueEmail } from "../factories/users.ts";
import { latestEmailTo, sentEmails } from "../setup/mail.ts";

const context = { clientIp: "192.0.2.1", cspNonce: "" };

function form(url: string, fields: Record<string, string>, cookie?: string) {
  return new Request(url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie.split(";")[0]! } : {}) },
  });
}

async function signUp(email: string) {
  const request = form("http://localhost/sign-up", {
    name: "Priya Patel",
    email,
    password: "lighthouse tangerine 42",
    organisationName: "Riverside Academy",
    organisationType: "secondary-school",
    roleInSchool: "class-teacher",
  });
  const started = performance.now();
  let response: Response;
  try {
    response = (await signUpAction({ request, params: {}, context })) as unknown as Response;
  } catch (thrown) {
    response = thrown as Response;
  }
  return { response, ms: performance.now() - started };
}

/** Everything a stranger sees in a response, with the address they typed replaced. */
async function visible(response: Response, email: string) {
  const headers = [...response.headers.entries()].map(([k, v]) => [k, v.replaceAll(encodeURIComponent(email), "EMAIL")]);
  return { status: response.status, headers, body: (await response.text()).replaceAll(email, "EMAIL") };
}

describe("sign-up enumeration", () => {
  it("answers a new and an existing address identically, with no session, and does the account work afterwards", async () => {
    const existing = await createUser();
    const fresh = uniqueEmail();
    // The work after the response is held until the test has looked: on a fast database it could
    // otherwise finish before the count below (CI saw it once on PostgreSQL).
    const release = holdAfterResponseTasks();
    const a = await signUp(existing.email);
    const b = await signUp(fresh);
    // Nothing about either account has been touched when the answer is ready.
    expect(await prisma.user.count({ where: { email: fresh } })).toBe(0);
    release();
    expect(await visible(a.response, existing.email)).toEqual(await visible(b.response, fresh));
    expect(a.response.status).toBe(302);
    expect(a.response.headers.get("Location")).toBe(`/check-email?email=${encodeURIComponent(existing.email)}`);
    expect(a.response.headers.get("Set-Cookie")).toBeNull();

    await settleAfterResponseTasks();
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    expect(await prisma.user.count({ where: { email: fresh } })).toBe(1);
    expect(latestEmailTo(fresh)?.subject).toBe("Confirm your email address for Pathways");
    expect(latestEmailTo(existing.email)?.subject).toBe("Someone tried to create a Pathways account with your address");
  });

  it("takes about as long for either (both hash a password before answering)", async () => {
    const existing = await createUser();
    const times = { existing: [] as number[], fresh: [] as number[] };
    for (let i = 0; i < 5; i++) {
      times.existing.push((await signUp(existing.email)).ms);
      times.fresh.push((await signUp(uniqueEmail())).ms);
      await settleAfterResponseTasks();
      await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const ratio = median(times.existing) / median(times.fresh);
    // Argon2 dominates both; before this change an existing address answered without hashing (ratio ~0.01).
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("an email change to someone else's address answers like any other and changes nothing", async () => {
    const me = await createUser();
    const other = await createUser();
    const ask = async (email: string) => {
      const response = (await accountAction({
        request: form("http://localhost/account", { intent: "change-email", email, currentPassword: me.password }, me.cookie),
        params: {},
        context,
      })) as unknown as { init: ResponseInit | null; data: { message: string } };
      return { status: response.init?.status ?? 200, message: response.data.message.replaceAll(email, "EMAIL") };
    };
    const before = sentEmails().length;
    expect(await ask(other.email)).toEqual(await ask(uniqueEmail()));
    await settleAfterResponseTasks();
    await runJobsUntilIdle(); // the emails are jobs (ADR 0053)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: me.id } })).email).toBe(me.email);
    expect(latestEmailTo(other.email)!.text).not.toMatch(/confirm-email/);
    expect(sentEmails().length).toBeGreaterThan(before);
  });
});
