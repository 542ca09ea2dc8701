import crypto from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, expectAccessible, signInAs } from "../e2e/support.ts";

/**
 * Issue 11, item 8: an approval names the revision the reviewer saw. An author who withdraws, edits
 * and resubmits while the reviewer has the page open cannot get the new content published by the old
 * approval; the review page shows what changed since the published version.
 */

async function pageAs(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, who);
  return page;
}

async function editReading(author: Page, moduleUrl: string, title: string, body: string) {
  await author.goto(moduleUrl);
  await author.getByRole("link", { name: title, exact: true }).click();
  await author.getByLabel("Text (Markdown)").fill(body);
  await author.getByRole("button", { name: "Save activity" }).click();
  await expect(author.getByText("Saved.", { exact: true })).toBeVisible();
}

async function submit(author: Page, moduleUrl: string) {
  await author.goto(moduleUrl);
  await author.getByRole("button", { name: "Submit for review" }).click();
  await expect(author.getByText(/Submitted for review/)).toBeVisible();
}

test.use({ actionTimeout: 15_000 });

test("a reviewer's approval of a revision that has since changed is refused; the review page shows the changes", async ({ browser }) => {
  test.setTimeout(180_000);
  const moduleId = `wait-time-${crypto.randomBytes(4).toString("hex")}`;
  const title = `Wait time ${moduleId.slice(-4)}`;
  const reading = "Why wait time matters";
  const author = await pageAs(browser, DEMO.author);
  const admin = await pageAs(browser, DEMO.admin);

  // The author writes a module with one reading.
  await author.goto("/author/modules/new");
  await author.getByLabel("Module id").fill(moduleId);
  await author.getByLabel("Title").fill(title);
  await author.getByLabel("Summary").fill("How long to wait after asking a question.");
  await author.getByLabel("Learning outcomes").fill("Use wait time");
  await author.getByLabel("Primary teachers").check();
  await author.getByLabel("KS2").check();
  await author.getByLabel("Topics").fill("questioning");
  await author.getByLabel("CPD hours").fill("1");
  await author.getByRole("button", { name: "Create the module" }).click();
  await expect(author.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const moduleUrl = new URL(author.url()).pathname;
  await author.locator("#new-type").selectOption("reading");
  await author.locator("#new-title").fill(reading);
  await author.getByRole("button", { name: "Add activity" }).click();
  await expect(author.getByRole("heading", { level: 1, name: `Edit activity: ${reading}` })).toBeVisible();
  await editReading(author, moduleUrl, reading, "Give pupils **five seconds** before taking answers.");

  // An admin may preview a draft that is not in review (it used to be a 404).
  await author.goto(moduleUrl);
  const previewUrl = await author.getByRole("link", { name: `Preview ${reading}` }).getAttribute("href");
  const preview = await admin.goto(previewUrl!);
  expect(preview?.status()).toBe(200);
  await expect(admin.getByRole("heading", { level: 1, name: reading })).toBeVisible();

  // Version 1 is reviewed and published.
  await submit(author, moduleUrl);
  await admin.goto("/author/reviews");
  const card = admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name: title }) });
  await card.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByText("Approved and published as version 1.")).toBeVisible();

  // The author changes the reading and submits version 2; the reviewer opens it and sees the change.
  await editReading(author, moduleUrl, reading, "Give pupils **ten seconds** before taking answers.");
  await submit(author, moduleUrl);
  await admin.goto("/author/reviews");
  await card.getByRole("link", { name: `What changed in ${title} since the published version` }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `Review ${title}` })).toBeVisible();
  await expect(admin.getByRole("heading", { name: /What changed since version 1/ })).toBeVisible();
  const changes = admin.getByRole("region", { name: /What changed/ });
  await expect(changes.locator("del")).toContainText("Removed: −Give pupils **five seconds** before taking answers.");
  await expect(changes.locator("ins")).toContainText("Added: +Give pupils **ten seconds** before taking answers.");
  await expectAccessible(admin);

  // Meanwhile the author withdraws, changes it again and resubmits.
  await author.goto(moduleUrl);
  await author.getByRole("button", { name: "Withdraw from review" }).click();
  await expect(author.getByText("Withdrawn from review: you can edit it again.")).toBeVisible();
  await editReading(author, moduleUrl, reading, "Give pupils **no time at all** before taking answers.");
  await submit(author, moduleUrl);

  // The reviewer's open form names the revision they saw: refused, and the page now shows the new content.
  await admin.getByLabel("Comments for the author").fill("Ten seconds is right.");
  await admin.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByRole("alert")).toContainText("This draft changed after you opened it");
  await expect(changes.locator("ins")).toContainText("Added: +Give pupils **no time at all** before taking answers.");
  await expect(admin.getByLabel("Comments for the author")).toHaveValue("Ten seconds is right."); // kept as typed
  await expectAccessible(admin);

  // A decision on what is shown now works.
  await admin.goto("/author/reviews");
  await card.getByRole("link", { name: /What changed in/ }).click();
  // On the draft's own review page (the queue has a comments field for every draft in review).
  await expect(admin.getByRole("heading", { level: 1, name: `Review ${title}` })).toBeVisible();
  await admin.getByLabel("Comments for the author").fill("Please put the ten seconds back.");
  await admin.getByRole("button", { name: "Return with comments" }).click();
  await expect(admin.getByText("Returned to the author with your comments.")).toBeVisible();
  await expectAccessible(admin);
});
