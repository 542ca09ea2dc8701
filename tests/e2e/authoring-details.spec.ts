import crypto from "node:crypto";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO, expectAccessible, signInAs } from "./support.ts";

/** Authoring details (issue 12, ADR 0040): ids from titles, module-id URLs, the details form's own checks. */

const suffix = () => crypto.randomBytes(3).toString("hex");

async function fillDetails(page: Page, title: string) {
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("How to ask questions that make every pupil think.");
  await page.getByLabel("Learning outcomes").fill("Plan hinge questions");
  await page.getByLabel("Primary teachers").check();
  await page.getByLabel("KS2").check();
  await page.getByLabel("Topics").fill("questioning");
  await page.getByLabel("CPD hours").fill("1");
}

/** The draft's database id, as the old editor URLs carried it (read from the test server's database). */
function draftDatabaseId(moduleId: string): string {
  const db = new Database(path.join(process.env.PATHWAYS_E2E_DIR!, "e2e.db"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT id FROM "ModuleDraft" WHERE moduleId = ?').get(moduleId) as { id: string }).id;
  } finally {
    db.close();
  }
}

test("the module id is offered from the title, editable, and the editor's URL uses it; old URLs redirect", async ({ page, browser }) => {
  const s = suffix();
  const title = `Hinge questions ${s}`;
  await signInAs(page, DEMO.author);
  await page.goto("/author/modules/new");
  await expectAccessible(page);
  await page.getByLabel("Title").fill(title);
  const id = page.getByLabel("Module id (optional)");
  await expect(id).toHaveValue(`hinge-questions-${s}`); // follows the title
  await id.fill(`hinge-questions-ks2-${s}`); // the author's own choice wins from now on
  await page.getByLabel("Title").fill(`${title} for KS2`);
  await expect(id).toHaveValue(`hinge-questions-ks2-${s}`);
  await fillDetails(page, `${title} for KS2`);
  await page.getByRole("button", { name: "Create the module" }).click();
  await expect(page).toHaveURL(new RegExp(`/author/modules/hinge-questions-ks2-${s}$`));
  await expect(page.getByRole("heading", { level: 1, name: `${title} for KS2` })).toBeVisible();

  // A link from before, with the database id, lands on the module-id URL (query kept).
  const draftId = draftDatabaseId(`hinge-questions-ks2-${s}`);
  expect(draftId).not.toContain("hinge");
  const old = await page.request.get(`/author/modules/${draftId}?saved=details`, { maxRedirects: 0 });
  expect(old.status()).toBe(301);
  expect(old.headers()["location"]).toBe(`/author/modules/hinge-questions-ks2-${s}?saved=details`);
  await page.goto(`/author/modules/${draftId}`);
  await expect(page).toHaveURL(new RegExp(`/author/modules/hinge-questions-ks2-${s}$`));

  // Authorisation is unchanged (another author: drafts.server.test.ts): a learner is refused under either URL, with no redirect.
  const other = await (await browser.newContext()).newPage();
  await signInAs(other, DEMO.learner);
  for (const url of [`/author/modules/${draftId}`, `/author/modules/hinge-questions-ks2-${s}`]) {
    const response = await other.request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(403);
    expect(response.headers()["location"]).toBeUndefined();
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a blank id is made from the title (and made unique); the details form checks summary and CPD hours, keeping what was typed", async ({
    page,
  }) => {
    const s = suffix();
    const title = `Wait time ${s}`;
    await signInAs(page, DEMO.author);
    for (const expected of [`wait-time-${s}`, `wait-time-${s}-2`]) {
      await page.goto("/author/modules/new");
      await fillDetails(page, title);
      await page.getByRole("button", { name: "Create the module" }).click();
      await expect(page).toHaveURL(new RegExp(`/author/modules/${expected}$`));
    }

    // One short reading (the template's minutes): at most 0.5 CPD hours.
    await page.locator("#new-type").selectOption("reading");
    await page.locator("#new-title").fill("Why wait time matters");
    await page.getByRole("button", { name: "Add activity" }).click();
    await page.goto(`/author/modules/wait-time-${s}-2`);
    await expect(page.getByLabel("CPD hours")).toBeVisible();
    await page.getByLabel("Summary").fill("Too short");
    await page.getByLabel("CPD hours").fill("3");
    await page.getByRole("button", { name: "Save details" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary.getByRole("link", { name: /Write a summary of at least 10 characters/ })).toBeVisible();
    await expect(
      summary.getByRole("link", { name: /The activities take about \d+ minutes in all, so the module can give at most 0.5 CPD hours/ }),
    ).toBeVisible();
    await expect(page.getByLabel("Summary")).toHaveValue("Too short");
    await expect(page.getByLabel("CPD hours")).toHaveValue("3");
    await expect(page.getByLabel("Summary")).toHaveAttribute("aria-invalid", "true");
    // (axe needs JavaScript in the page: the same form with errors is checked in the next test.)

    await page.getByLabel("Summary").fill("Giving pupils time to think before anyone answers.");
    await page.getByLabel("CPD hours").fill("0.5");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByText("Module details saved.")).toBeVisible();
  });
});

test("with JavaScript the details form checks CPD hours against the activities before anything is sent", async ({ page }) => {
  const s = suffix();
  await signInAs(page, DEMO.author);
  await page.goto("/author/modules/new");
  await fillDetails(page, `Cold calling ${s}`);
  await page.getByRole("button", { name: "Create the module" }).click();
  await expect(page).toHaveURL(new RegExp(`/author/modules/cold-calling-${s}$`));
  await page.locator("#new-type").selectOption("reading");
  await page.locator("#new-title").fill("Cold calling kindly");
  await page.getByRole("button", { name: "Add activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit activity: Cold calling kindly" })).toBeVisible();
  await page.goto(`/author/modules/cold-calling-${s}`);
  await expect(page.getByText(/at most 0.5 for the activities the module has now/)).toBeVisible();
  await page.getByLabel("CPD hours").fill("2");
  let posted = false;
  page.on("request", (r) => {
    if (r.method() === "POST") posted = true;
  });
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText(/so the module can give at most 0.5 CPD hours/).first()).toBeVisible();
  expect(posted, "checked in the browser, before anything is sent").toBe(false);
  await expectAccessible(page);
});
