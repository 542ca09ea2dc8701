import { expect, test } from "@playwright/test";
import { createAccount, DEMO, expectAccessible, signInAs } from "./support.ts";

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
});

test("signed-out visitors are sent to sign in", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fusers/);
});
