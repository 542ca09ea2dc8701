import { expect, test } from "@playwright/test";
import { confirmationLinkFor, uniqueEmail } from "./support.ts";

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

  const email = uniqueEmail("noscript");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("paper lantern harbour");
  await page.getByLabel("School or organisation").fill("Quiet Lane School");
  await page.getByLabel("Type of organisation").selectOption("special-school");
  await page.getByLabel("Your role").selectOption("teaching-assistant");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // "Send the link again" and the confirmation are plain forms too.
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByText(`If ${email} is waiting to be confirmed, we have sent it a new link.`)).toBeVisible();
  await page.goto(await confirmationLinkFor(email));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByText(`Your email address ${email} is confirmed.`)).toBeVisible();
  await page.goto("/account");
  await page.getByLabel("Full name").fill("No Script Renamed");
  await page.getByRole("button", { name: "Change name" }).click();
  await expect(page.getByText("Your name is now No Script Renamed.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  await page.getByRole("button", { name: /Sign out/ }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
});
