import crypto from "node:crypto";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SignUpSchema } from "~/modules/auth/account-schema.ts";
import { createUserSession } from "~/modules/auth/session.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createUser } from "../factories/users.ts";
import { readMailDir, type ReceivedEmail } from "../setup/mail-server.ts";

/**
 * The one support file of the browser journeys (issue 13): demo accounts, accounts and sessions made
 * directly, the accessibility check, and the emails the run's real SMTP server received.
 *
 * Accounts and sessions for journeys that are not about signing up or signing in (docs/decisions/0045)
 * are made in the journeys' own database (DATABASE_URL, set by playwright.config.ts) by the functions
 * the sign-up and sign-in routes use, and the session cookie is put in the page's browser
 * (`createAccount`, `signInAs`, `newPageAs`). Signing up, confirming an address and signing in are
 * driven through their forms (`signUp`, `signIn`) only where they are the subject (accounts.spec.ts,
 * email-and-name.spec.ts, no-javascript.spec.ts).
 */

export const DEMO = {
  learner: { email: "learner@pathways.test", password: "learner-pathways-demo" },
  author: { email: "author@pathways.test", password: "author-pathways-demo" },
  organiser: { email: "organiser@pathways.test", password: "organiser-pathways-demo" },
  funder: { email: "funder@pathways.test", password: "funder-pathways-demo" },
  evaluator: { email: "evaluator@pathways.test", password: "evaluator-pathways-demo" },
  leader: { email: "leader@pathways.test", password: "leader-pathways-demo" },
  admin: { email: "admin@pathways.test", password: "admin-pathways-demo" },
};

/** Fails the test with a readable list if axe finds any WCAG 2.2 A/AA violation on the page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export function uniqueEmail(prefix = "e2e") {
  return `${prefix}-${crypto.randomBytes(5).toString("hex")}@school.example`;
}

/** A module or organisation id no other journey of the run uses: `questioning-1a2b3c4d`. */
export const uniqueId = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString("hex")}`;

/** Signs in through the form: only where signing in is the subject (otherwise `signInAs`). */
export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
}

/**
 * Signs up through the form, then confirms the address with the link from the email the real SMTP
 * server received (ADR 0031), which signs the new account in. `confirm: false` stops at "Check your
 * email", signed out, with the address unconfirmed.
 */
export async function signUp(
  page: Page,
  overrides: {
    name?: string;
    email?: string;
    password?: string;
    confirm?: boolean;
    /** The school typed at sign-up (default Riverside Academy, a secondary school). */
    organisation?: { name: string; type: string };
  } = {},
) {
  const { confirm = true, organisation = { name: "Riverside Academy", type: "secondary-school" }, ...rest } = overrides;
  const account = { name: "Priya Patel", email: uniqueEmail(), password: "lighthouse tangerine 42", ...rest };
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill(account.name);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByLabel("School or organisation").fill(organisation.name);
  await page.getByLabel("Type of organisation").selectOption(organisation.type);
  await page.getByLabel("Your role").selectOption("class-teacher");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  if (!confirm) return account;
  await page.goto(await confirmationLinkFor(account.email));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  return account;
}

/** The path of the newest confirmation link emailed to `to` (sign-up or a change of address). */
export async function confirmationLinkFor(to: string): Promise<string> {
  const email = await latestEmailTo(to);
  const link = /https?:\/\/\S+?(\/confirm-email\/[\w-]{43})/.exec(email.text);
  expect(link, `a confirmation link in "${email.subject}"`).not.toBeNull();
  return link![1]!;
}

/**
 * The newest email the app sent to `to`, as the real SMTP server of the run received it
 * (tests/setup/e2e-mail-server.ts). Waits for one to arrive; with `subject`, for one with that
 * subject (an account's earlier emails, such as the sign-up confirmation, are already there).
 */
export async function latestEmailTo(to: string, { subject }: { subject?: string } = {}): Promise<ReceivedEmail> {
  const dir = path.join(process.env.PATHWAYS_E2E_DIR!, "mail");
  let found: ReceivedEmail | undefined;
  await expect
    .poll(() => {
      found = readMailDir(dir)
        .reverse()
        .find((m) => m.to === to.toLowerCase() && (subject === undefined || m.subject === subject));
      return !!found;
    })
    .toBe(true);
  return found!;
}

/**
 * A confirmed account, as signUp() above leaves one (same defaults), signed in on `page`'s
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

/** A page in a browser context of its own (another person at another computer), signed in as `who` if given. */
export async function newPageAs(browser: Browser, who?: { email: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (who) await signInAs(page, who);
  return page;
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
