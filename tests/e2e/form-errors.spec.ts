import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, newPageAs, signInAs, uniqueEmail } from "./support.ts";

/**
 * Issue 13, item 3: the forms converted to Conform last (admin organisations, a leader's
 * invitation, the zip import) say what to put right beside the field, with and without
 * JavaScript, keep what was typed after the server refuses it, and empty once it succeeds.
 */
const ACADEMY = "Pathways Demo Academy";

test("the admin's organisation forms: the browser's check, the server's refusal, then success", async ({ page }) => {
  await signInAs(page, DEMO.admin);
  await page.goto("/admin/organisations");
  await page.getByRole("button", { name: "Add organisation" }).click();
  await expect(page.getByText("Enter the organisation's name")).toBeVisible();
  await expect(page.getByText("Choose the type of organisation")).toBeVisible();
  await expectAccessible(page);

  const addPerson = page.getByLabel(`Add a person by email to ${ACADEMY}`);
  const nobody = uniqueEmail("nobody");
  await addPerson.fill(nobody);
  await page.getByRole("button", { name: `Add to ${ACADEMY}` }).click();
  await expect(page.getByRole("alert")).toContainText("There is no Pathways account with that email address");
  await expect(addPerson).toHaveValue(nobody);
  await expect(addPerson).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await addPerson.fill(DEMO.learner.email);
  await page.getByRole("button", { name: `Add to ${ACADEMY}` }).click();
  await expect(page.getByRole("status")).toContainText(`is now in ${ACADEMY}`);
  await expect(addPerson).toHaveValue("");
  await expect(addPerson).not.toHaveAttribute("aria-invalid", "true");
});

test("a leader's invitation and an author's import are checked in the browser", async ({ page, browser }) => {
  await signInAs(page, DEMO.leader);
  await page.goto("/organisations");
  await page.getByRole("link", { name: `Staff CPD records for ${ACADEMY}` }).click();
  await page.getByLabel(`Invite a member of staff by email to ${ACADEMY}`).fill("not-an-email");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter an email address in the correct format")).toBeVisible();
  await expectAccessible(page);

  const author = await newPageAs(browser, DEMO.author);
  await author.goto("/author");
  await author.getByRole("button", { name: "Import" }).click();
  await expect(author.getByRole("alert")).toContainText("Choose a .zip file to import.");
  await expectAccessible(author);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server says what to put right and keeps what was typed", async ({ page }) => {
    await signInAs(page, DEMO.admin);
    await page.goto("/admin/organisations");
    await page.getByLabel("Name", { exact: true }).fill("A");
    await page.getByLabel("Type of organisation").selectOption({ label: "Further education college" });
    await page.getByRole("button", { name: "Add organisation" }).click();
    await expect(page.getByRole("alert")).toHaveText("Enter the organisation's name");
    await expect(page.locator(".field-error")).toContainText("Enter the organisation's name");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("A");
    await expect(page.getByLabel("Type of organisation")).toHaveValue("fe-college");

    const nobody = uniqueEmail("nobody");
    await page.getByLabel(`Add a person by email to ${ACADEMY}`).fill(nobody);
    await page.getByRole("button", { name: `Add to ${ACADEMY}` }).click();
    await expect(page.getByRole("alert")).toContainText("There is no Pathways account with that email address");
    await expect(page.getByLabel(`Add a person by email to ${ACADEMY}`)).toHaveValue(nobody);
  });
});
