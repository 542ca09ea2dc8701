import fs from "node:fs";
import { expect, test, type Download } from "@playwright/test";
import JSZip from "jszip";
import { addActivity, createModule } from "./authoring-helpers.ts";
import { createAccount, DEMO, expectAccessible, newPageAs, signInAs, uniqueId } from "./support.ts";

/** Authoring in the browser (issue 7, ADR 0011): create, edit, preview, submit, approve, learn. */

test("an author creates and previews a module, an admin approves it, and a learner takes it", async ({ page, browser }) => {
  test.setTimeout(180_000); // one long journey through three accounts
  const moduleId = uniqueId("questioning");
  const title = `Questioning that works ${moduleId.slice(-4)}`;
  await signInAs(page, DEMO.author);
  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Authoring" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Authoring" })).toBeVisible();
  await expectAccessible(page);

  // The form says what is missing and keeps what was typed.
  await page.goto("/author/modules/new");
  await page.getByLabel("Module id").fill("Not An Id");
  await page.getByRole("button", { name: "Create the module" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Use only lower-case letters");
  await expect(page.getByLabel("Module id")).toHaveValue("Not An Id");
  await expectAccessible(page);

  await createModule(page, moduleId, title);
  await expect(page.getByText(/to fix before submitting/)).toBeVisible(); // no activities yet
  await expectAccessible(page);

  // A reading, written in Markdown with a live preview from the publishing pipeline.
  await addActivity(page, "reading", "Why wait time matters");
  const body = page.getByLabel("Text (Markdown)");
  await body.fill("## Wait time\n\nGive pupils **five seconds** before taking answers.\n\n<script>alert(1)</script>");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "Wait time" })).toBeVisible();
  await expect(preview.locator("strong")).toHaveText("five seconds");
  await expect(preview.locator("script")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();

  // A quiz, question by question, with a mistake first: the checker's message is shown inline.
  await page.getByRole("link", { name: `Back to ${title}` }).click();
  await addActivity(page, "quiz", "Check your understanding");
  await page.getByLabel("Pass mark (%)").fill("180");
  await page.getByRole("button", { name: "Save questions" }).click();
  await expect(page.getByText("passMark is a percentage: 0-100.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Pass mark (%)").fill("80");
  await page.getByRole("button", { name: "Add a question" }).click();
  await expect(page.getByRole("group", { name: "Question 2" })).toBeVisible();
  await page.getByLabel("Question 2: prompt (Markdown)").fill("Is **wait time** worth trying?");
  await page.getByLabel("Question 2: new option 1: text").fill("Yes");
  await page.getByLabel("Question 2: new option 1: correct").check();
  await page.getByLabel("Question 2: new option 1: feedback").fill("Right.");
  await page.getByLabel("Question 2: new option 2: text").fill("No");
  await page.getByLabel("Question 2: new option 2: feedback").fill("Give it a go.");
  await page.getByRole("button", { name: "Save questions" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  await expect(page.getByText("Problems the course checker found")).toHaveCount(0);
  await expect(page.getByLabel("Question 2, option 1: text")).toHaveValue("Yes");
  await expectAccessible(page);

  // Reorder without losing anything, then back.
  await page.getByRole("link", { name: `Back to ${title}` }).click();
  await page.getByRole("button", { name: "Move up Check your understanding" }).click();
  await expect(page.getByRole("button", { name: "Move up Check your understanding" })).toBeDisabled();
  await page.getByRole("button", { name: "Move down Check your understanding" }).click();
  await expect(page.getByRole("button", { name: "Move up Why wait time matters" })).toBeDisabled();
  await expect(page.getByText("None: ready to submit")).toBeVisible();

  // Preview as a learner: the quiz can be tried; nothing is recorded.
  await page.getByRole("link", { name: "Preview Check your understanding" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your understanding" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("This one").check();
  await page.getByLabel("Yes", { exact: true }).check();
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByRole("heading", { name: "Your result: 100%" })).toBeVisible();
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Why wait time matters" })).toBeVisible();
  await expect(page.locator(".prose strong")).toHaveText("five seconds");
  await expectAccessible(page);

  // Submit for review.
  await page.locator(".lesson-module-title").getByRole("link", { name: title }).click();
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText(/Submitted for review/)).toBeVisible();
  await expect(page.getByText("In review", { exact: true })).toBeVisible();

  // The author cannot approve their own module: it is not in their queue.
  await page.goto("/author/reviews");
  await expect(page.getByRole("heading", { name: title })).toHaveCount(0);

  // An admin approves it.
  const admin = await newPageAs(browser, DEMO.admin);
  await admin.goto("/author/reviews");
  await expectAccessible(admin);
  const card = admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name: title }) });
  await card.getByLabel("Comments for the author").fill("Clear and practical.");
  await card.getByRole("button", { name: "Approve and publish" }).click();
  await expect(admin.getByText("Approved and published as version 1.")).toBeVisible();

  // The author's dashboard shows it published with the comment.
  await page.goto("/author");
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("Published");
  await expect(row).toContainText("Clear and practical.");

  // A learner finds it in the catalogue and takes it.
  const learner = await newPageAs(browser);
  await createAccount(learner);
  await learner.goto("/courses");
  await learner.getByRole("link", { name: title }).click();
  await learner.getByRole("button", { name: "Enrol" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Why wait time matters" })).toBeVisible();
  await learner.getByRole("button", { name: "Mark as complete" }).click();
  await expect(learner.getByText("You have completed this activity.")).toBeVisible();
  await learner.getByRole("link", { name: /Next: Check your understanding/ }).click();
  await learner.getByLabel("This one").check();
  await learner.getByLabel("Yes", { exact: true }).check();
  await learner.getByRole("button", { name: "Check my answers" }).click();
  await expect(learner.getByText("You passed")).toBeVisible();
  await expectAccessible(learner);
});

test("learners are refused every authoring page", async ({ page }) => {
  await createAccount(page);
  await page.goto("/learning");
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Authoring" })).toHaveCount(0);
  for (const url of [
    "/author/modules/anything/export.zip",
    "/author/modules/new",
    "/author/reviews",
    "/author/modules/anything",
    "/author",
  ]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
  }
  await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
  const post = await page.request.post("/author/preview", { form: { markdown: "# hi" }, headers: { Origin: new URL(page.url()).origin } });
  expect(post.status()).toBe(403);
});

test("two tabs: the second save is told the draft changed and keeps its text", async ({ page, context }) => {
  await signInAs(page, DEMO.author);
  const moduleId = uniqueId("two-tabs");
  await createModule(page, moduleId, `Two tabs ${moduleId.slice(-4)}`);
  await page.getByLabel("Email address of a course author").fill(DEMO.admin.email);
  await page.getByRole("button", { name: "Add co-author" }).click();
  await expect(page.getByText(/Co-author added/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Remove .* as co-author/ })).toBeVisible();
  await expectAccessible(page);
  await addActivity(page, "reading", "Shared reading");
  const editorUrl = page.url();

  const other = await context.newPage();
  await other.goto(editorUrl);
  await page.getByLabel("Text (Markdown)").fill("Written in the first tab.");
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();

  await other.getByLabel("Text (Markdown)").fill("Written in the second tab.");
  await other.getByRole("button", { name: "Save activity" }).click();
  await expect(other.getByText("Not saved: this draft changed since you opened it")).toBeVisible();
  await expect(other.getByLabel("Text (Markdown)")).toHaveValue("Written in the second tab.");
  await expectAccessible(other);

  // The first tab's save is intact.
  await page.reload();
  await expect(page.getByLabel("Text (Markdown)")).toHaveValue(/Written in the first tab\./);
});

test("without JavaScript the Preview button renders the Markdown and keeps the text", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, DEMO.author);
  const moduleId = uniqueId("no-js");
  await createModule(page, moduleId, `No script ${moduleId.slice(-4)}`);
  await page.getByLabel("Section 1 title").fill("Getting started");
  await page.getByRole("button", { name: "Rename section 1" }).click();
  await page.getByLabel("New section title").fill("Going further");
  await page.getByRole("button", { name: "Add a section" }).click();
  await expect(page.getByText(/Sections saved/)).toBeVisible();
  await expect(page.getByLabel("Section 1 title")).toHaveValue("Getting started");
  await expect(page.getByLabel("Section 2 title")).toHaveValue("Going further");
  await addActivity(page, "reading", "Plain reading");
  await page.getByLabel("Text (Markdown)").fill("## Previewed\n\nWithout any script.");
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(page.getByRole("region", { name: "Preview" }).getByRole("heading", { name: "Previewed" })).toBeVisible();
  await expect(page.getByLabel("Text (Markdown)")).toHaveValue("## Previewed\n\nWithout any script.");
  await context.close();
});

test("export a draft as a zip and import it again as a copy, losing nothing", async ({ page }) => {
  await signInAs(page, DEMO.author);
  const moduleId = uniqueId("round-trip");
  await createModule(page, moduleId, `Round trip ${moduleId.slice(-4)}`);
  await addActivity(page, "reading", "Travelling reading");
  await page.getByLabel("Text (Markdown)").fill("## Packed\n\nIn a zip and back.");
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: /^Back to / }).click();

  const filesOf = async (download: Download) => {
    const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
    const out: Record<string, string> = {};
    for (const entry of Object.values(zip.files))
      if (!entry.dir) out[entry.name.split("/").slice(1).join("/")] = await entry.async("string");
    return out;
  };
  const [first] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export as zip" }).click()]);
  const original = await filesOf(first);
  expect(Object.keys(original).sort()).toEqual(["01-travelling-reading.md", "module.yaml"]);

  // Importing under the same id is refused; under a new id it becomes a new draft.
  await page.goto("/author");
  await page.getByLabel("Zip file").setInputFiles(await first.path());
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert")).toContainText("already used");
  await expectAccessible(page);
  const copyId = `${moduleId}-copy`;
  await page.getByLabel("Zip file").setInputFiles(await first.path());
  await page.getByLabel("New module id (optional)").fill(copyId);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("Imported as a new draft.")).toBeVisible();
  await expect(page.getByText(copyId, { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Travelling reading", exact: true })).toBeVisible();

  const [second] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export as zip" }).click()]);
  const copy = await filesOf(second);
  expect(copy["module.yaml"]).toBe(original["module.yaml"]!.replace(`id: ${moduleId}`, `id: ${copyId}`));
  expect(copy["01-travelling-reading.md"]).toBe(original["01-travelling-reading.md"]);
});
