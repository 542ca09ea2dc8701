import { expect, test } from "@playwright/test";
import { uniqueEmail } from "./support.ts";

test.use({ javaScriptEnabled: false });

test("sign up, see errors and sign out without JavaScript", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Full name").fill("No Script");
  await page.getByLabel("Email address").fill("broken-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("There is a problem")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("No Script");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  // axe cannot run without JavaScript; the same server-rendered pages are scanned in accounts.spec.ts.

  await page.getByLabel("Email address").fill(uniqueEmail("noscript"));
  await page.getByLabel("Password", { exact: true }).fill("paper lantern harbour");
  await page.getByLabel("School or organisation").fill("Quiet Lane School");
  await page.getByLabel("Type of organisation").selectOption("special-school");
  await page.getByLabel("Your role").selectOption("teaching-assistant");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  await page.getByRole("button", { name: /Sign out/ }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});
