import { expect, test, type Page } from "@playwright/test";
import { SignUpSchema } from "~/modules/auth/account-schema.ts";
import { createUserSession } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createUser } from "../factories/users.ts";
import { uniqueEmail } from "./support.ts";

/**
 * Accounts and sessions for journeys that are not about signing up or signing in (docs/decisions/0045).
 * They are made in the journeys' own database (DATABASE_URL, set by playwright.config.ts) by the
 * functions the sign-up and sign-in routes use, and the session cookie is put in the page's browser.
 * Signing up, confirming an address and signing in are driven through their forms only where they
 * are the subject (accounts.spec.ts, email-and-name.spec.ts, no-javascript.spec.ts and signUp/signIn
 * in support.ts).
 */

/**
 * A confirmed account, as signUp() in support.ts leaves one (same defaults), signed in on `page`'s
 * browser unless `signedIn` is false. The page is not navigated.
 */
export async function createAccount(
  page: Page,
  overrides: {
    name?: string;
    email?: string;
    password?: string;
    organisation?: { name: string; type: string };
    signedIn?: boolean;
  } = {},
) {
  const { organisation = { name: "Riverside Academy", type: "secondary-school" }, signedIn = true, ...rest } = overrides;
  const account = { name: "Priya Patel", email: uniqueEmail(), password: "lighthouse tangerine 42", ...rest };
  const input = SignUpSchema.parse({
    name: account.name,
    email: account.email,
    password: account.password,
    organisationName: organisation.name,
    organisationType: organisation.type,
    roleInSchool: "class-teacher",
  });
  const { cookie } = await createUser({ ...input, verified: true });
  if (signedIn) await addSessionCookie(page, cookie);
  return account;
}

/** Signs an existing account (such as a demo account) in on `page`'s browser with a new session. The page is not navigated. */
export async function signInAs(page: Page, who: { email: string }) {
  const user = await prisma.user.findUnique({ where: { email: who.email.toLowerCase() }, select: { id: true } });
  expect(user, `an account for ${who.email}`).not.toBeNull();
  await addSessionCookie(page, await createUserSession(user!.id));
}

/** Puts the session from a Set-Cookie header value in the page's browser, as the browser would store it. */
async function addSessionCookie(page: Page, setCookie: string) {
  const [pair = ""] = setCookie.split(";");
  const at = pair.indexOf("=");
  const baseURL = test.info().project.use.baseURL!;
  await page
    .context()
    .addCookies([{ name: pair.slice(0, at), value: pair.slice(at + 1), url: baseURL, httpOnly: true, sameSite: "Lax", secure: false }]);
}

/** The origin the journeys' server runs on (every state-changing request must come from it). */
export function appOrigin(): string {
  return new URL(test.info().project.use.baseURL!).origin;
}

/**
 * Enrols the account signed in on `page`'s browser on a module by posting the module page's Enrol
 * form, as a browser without JavaScript does. The page is not navigated.
 */
export async function enrol(page: Page, moduleId: string) {
  const response = await page.request.post(`/courses/${moduleId}?index`, {
    form: { intent: "enrol" },
    headers: { Origin: appOrigin() },
    maxRedirects: 0,
  });
  expect(response.status(), `enrolling on ${moduleId}`).toBe(302);
  expect(response.headers()["location"]).toBe(`/courses/${moduleId}/learn`);
}
