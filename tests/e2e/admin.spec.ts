import { expect, test } from "@playwright/test";
import { prisma } from "~/utils/db.server.ts";
import { createAccount, DEMO, expectAccessible, latestEmailTo, signInAs, uniqueEmail, uniqueId } from "./support.ts";

test("an admin grants and removes a role", async ({ page, browser }) => {
  const teacher = await createAccount(await (await browser.newContext()).newPage(), { name: "Grace Hopper-Jones" });
  await signInAs(page, DEMO.admin);
  await page.goto("/");
  await page.getByRole("link", { name: "Admin" }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Users and roles" }).click();
  await expectAccessible(page);
  await page.getByLabel("Search by name or email").fill(teacher.email);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByRole("row").filter({ hasText: teacher.email });
  await row.getByRole("button", { name: "Make Course author for Grace Hopper-Jones" }).click();
  await expect(page.getByRole("status")).toContainText("Course author role granted");
  await expect(row.getByRole("button", { name: "Remove Course author for Grace Hopper-Jones" })).toBeVisible();
  await row.getByRole("button", { name: "Remove Course author for Grace Hopper-Jones" }).click();
  await expect(page.getByRole("status")).toContainText("Course author role removed");
  await expectAccessible(page);
});

test("an admin sees a failed background job with its error, escaped, and retries it; the email then goes", async ({ page }) => {
  const to = uniqueEmail("job");
  await prisma.job.create({
    data: {
      kind: "email",
      key: uniqueId("e2e-failed-email"),
      payload: JSON.stringify({ to, subject: "Retried from the admin page", text: "Hello again." }),
      status: "failed",
      attempts: 5,
      maxAttempts: 5,
      lastError: "Error: <img src=x onerror=window.pwned=1> mailbox unavailable",
      finishedAt: new Date(),
    },
  });
  await signInAs(page, DEMO.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: /Background jobs/ }).click();
  await expect(page.getByRole("heading", { name: "Background jobs", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: "<img src=x onerror=window.pwned=1> mailbox unavailable" });
  await expect(row).toBeVisible();
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  await expectAccessible(page);
  await row.getByRole("button", { name: /^Retry/ }).click();
  await expect(page.getByRole("status")).toContainText("The job will run again shortly");
  await expectAccessible(page);
  expect((await latestEmailTo(to)).subject).toBe("Retried from the admin page");
});

test("a learner cannot see or use the admin page", async ({ page }) => {
  await signInAs(page, DEMO.learner);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
  await expectAccessible(page);
  const post = await page.request.post("/admin/users?index", {
    form: { intent: "grant", userId: "anyone", role: "admin" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(post.status()).toBe(403);
  expect((await page.goto("/admin/jobs"))?.status()).toBe(403);
  const retry = await page.request.post("/admin/jobs", {
    form: { intent: "retry", jobId: "anything" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(retry.status()).toBe(403);
});

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fusers/);
});
