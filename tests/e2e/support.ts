import crypto from "node:crypto";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { readMailDir, type ReceivedEmail } from "../setup/mail-server.ts";

export const DEMO = {
  learner: { email: "learner@pathways.test", password: "learner-pathways-demo" },
  author: { email: "author@pathways.test", password: "author-pathways-demo" },
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
export async function latestEmailTo(to: string, { subject }: { subject?: string } = {}): Promise<{ subject: string; text: string }> {
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
