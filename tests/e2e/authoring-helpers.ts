import { expect, type Page } from "@playwright/test";

/** The steps every authoring journey starts with, through the editor's forms (authoring is their subject). */

/** Creates a module from /author's "Create a module" link; the page ends on the new draft's editor. */
export async function createModule(page: Page, moduleId: string, title: string) {
  await page.goto("/author");
  await page.getByRole("link", { name: "Create a module" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create a module" })).toBeVisible();
  await page.getByLabel("Module id").fill(moduleId);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("How to ask questions that make every pupil think.");
  await page.getByLabel("Learning outcomes").fill("Plan hinge questions\nUse wait time");
  await page.getByLabel("Primary teachers").check();
  await page.getByLabel("KS2").check();
  await page.getByLabel("Topics").fill("questioning");
  await page.getByLabel("CPD hours").fill("1");
  await page.getByRole("button", { name: "Create the module" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

/** Adds an activity of `type` (the select's value) from the module editor; the page ends on its editor. */
export async function addActivity(page: Page, type: string, title: string) {
  await page.locator("#new-type").selectOption(type);
  await page.locator("#new-title").fill(title);
  await page.getByRole("button", { name: "Add activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit activity: ${title}` })).toBeVisible();
}
