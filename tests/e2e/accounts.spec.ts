import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { createAccount, DEMO, expectAccessible, latestEmailTo, signIn, signUp, uniqueEmail } from "./support.ts";

test("sign up with mistakes, fix them, then sign out and back in", async ({ page }) => {
  await page.goto("/sign-up");
  await expectAccessible(page);
  await page.getByLabel("Full name").fill("Sam Okafor");
  await page.getByLabel("Email address").fill("sam@@school");
  await page.getByLabel("Password", { exact: true }).fill("password123");
  await page.getByLabel("School or organisation").fill("Hillside Primary");
  await page.getByRole("button", { name: "Create account" }).click();

  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole("link", { name: /email address in the correct format/ })).toBeVisible();
  await expect(summary.getByRole("link", { name: /too common/ })).toBeVisible();
  await expect(summary.getByRole("link", { name: "Select the type of organisation" })).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Sam Okafor"); // kept what was typed
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  const email = uniqueEmail("sam");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("kettle orbit saffron");
  await page.getByLabel("Type of organisation").selectOption("primary-school");
  await page.getByLabel("Your role").selectOption("computing-lead");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);
  // Signed out; an unconfirmed account can sign in straight away (ADR 0031).
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The email address or password is not correct");
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expectAccessible(page);

  await signIn(page, { email, password: "kettle orbit saffron" });
});

test("an email that already has an account gets the same answer as a new one, and an email saying so", async ({ page }) => {
  async function signUpWith(email: string) {
    await page.goto("/sign-up");
    await page.getByLabel("Full name").fill("Lena Again");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("another fine passphrase");
    await page.getByLabel("School or organisation").fill("Hillside Primary");
    await page.getByLabel("Type of organisation").selectOption("primary-school");
    await page.getByLabel("Your role").selectOption("class-teacher");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
    return (await page.locator("main").innerText()).replaceAll(email.toLowerCase(), "EMAIL");
  }
  const existing = await signUpWith(DEMO.learner.email.toUpperCase());
  const fresh = await signUpWith(uniqueEmail("lena"));
  expect(existing).toBe(fresh);
  expect((await page.context().cookies()).filter((c) => c.name === "pathways_session")).toEqual([]);
  const email = await latestEmailTo(DEMO.learner.email);
  expect(email.subject).toBe("Someone tried to create a Pathways account with your address");
  expect(email.text).toContain("/forgot-password");
});

test("password reset by emailed link, used once, ends other sessions", async ({ page, browser }) => {
  const account = await signUp(page);
  // A second browser signed in as the same person.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, account);

  const anonymous = await browser.newContext();
  const resetPage = await anonymous.newPage();
  await resetPage.goto("/forgot-password");
  await expectAccessible(resetPage);
  await resetPage.getByLabel("Email address").fill(account.email);
  await resetPage.getByRole("button", { name: "Send reset link" }).click();
  await expect(resetPage.getByRole("status")).toContainText(`If there is a Pathways account for ${account.email}`);

  const email = await latestEmailTo(account.email, { subject: "Reset your Pathways password" });
  const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(email.text)![0];
  await resetPage.goto(link);
  await expectAccessible(resetPage);
  await resetPage.getByLabel("New password", { exact: true }).fill("marble violin thunder");
  await resetPage.getByLabel("Confirm new password").fill("marble violin thunder!");
  await resetPage.getByRole("button", { name: "Change password" }).click();
  await expect(resetPage.getByRole("alert")).toContainText("The passwords do not match");
  await resetPage.getByLabel("New password", { exact: true }).fill("marble violin thunder");
  await resetPage.getByLabel("Confirm new password").fill("marble violin thunder");
  await resetPage.getByRole("button", { name: "Change password" }).click();
  await expect(resetPage.getByRole("status")).toContainText("Your password has been changed");
  await signIn(resetPage, { email: account.email, password: "marble violin thunder" });

  // Every earlier session has ended.
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(/\/sign-in\?redirectTo=%2Faccount/);

  // The link works once.
  const again = await (await browser.newContext()).newPage();
  const response = await again.goto(link);
  expect(response?.status()).toBe(410);
  await expect(again.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expectAccessible(again);
});

test("a tampered reset link or session cookie is refused with a clear page", async ({ page, context, baseURL }) => {
  const response = await page.goto("/reset-password/this-is-not-a-real-token");
  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();

  await context.addCookies([{ name: "pathways_session", value: "forged-session-token", url: baseURL! }]);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("sign-in slows down after repeated failures, says how long to wait, and the right password works after the wait", async ({ page }) => {
  const account = await createAccount(page, { signedIn: false });
  await page.goto("/sign-in");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email address").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill(`wrong guess ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("The email address or password is not correct");
  }
  // Guess on until the wait begins (the first wait is a second, doubling with each checked guess).
  let wait = 0;
  for (let i = 0; i < 8 && !wait; i++) {
    await page.getByLabel("Email address").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill("still wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await expect(alert).toContainText(/not correct|Wait \d+ seconds?/);
    const match = /Wait (\d+) seconds?/.exec((await alert.textContent()) ?? "");
    if (match) wait = Number(match[1]);
  }
  expect(wait).toBeGreaterThan(0);
  await expect(page.getByRole("alert")).toContainText("Your password was not checked");
  await expectAccessible(page);
  await page.waitForTimeout(wait * 1000 + 200);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
});

test("changing the password while signed in keeps this session", async ({ page }) => {
  const account = await createAccount(page);
  await page.goto("/account");
  await expectAccessible(page);
  await page.getByLabel("Current password").fill(account.password);
  await page.getByLabel("New password", { exact: true }).fill("quartz meadow lantern");
  await page.getByLabel("Confirm new password").fill("quartz meadow lantern");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("signed out on every other device");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
});

test("a learner downloads all their data, then deletes their account", async ({ page }) => {
  const account = await createAccount(page);
  await page.goto("/learning");
  await page.getByRole("link", { name: "Your account" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download all your data" }).click();
  const data = JSON.parse(fs.readFileSync((await (await download).path())!, "utf8")) as { email: string; passwordHash?: string };
  expect(data.email).toBe(account.email);
  expect(data.passwordHash).toBeUndefined();

  await page.getByRole("link", { name: "Delete your account" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("alert")).toContainText("Tick the box to confirm");
  await page.getByLabel("Your password").fill(account.password);
  await page.getByLabel(/I understand/).check();
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("heading", { name: "Your account has been deleted" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The email address or password is not correct");
});
