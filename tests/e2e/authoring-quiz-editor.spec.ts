import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import JSZip from "jszip";
import { parse } from "yaml";
import { DEMO, expectAccessible, signInAs } from "./support.ts";

/**
 * The question editor never loses what it did not touch (issue 12): saving twice in a row without
 * reloading once turned a short-answer question into `kind: single` with no options and dropped
 * its accepted answers, because every "kind" select was blank after the first save.
 */

/** A quiz with every kind of question and every field the editor shows. */
const QUIZ_YAML = [
  "passMark: 70",
  "revealAnswers: after-attempts",
  "revealAfterAttempts: 2",
  "questions:",
  "  - id: q-single",
  "    kind: single",
  "    prompt: Which question gives **every** pupil thinking time?",
  "    options:",
  "      - { id: a, text: Hands up, correct: false, feedback: Only a few pupils answer., hint: Who does the thinking? }",
  "      - { id: b, text: Mini whiteboards, correct: true, feedback: Everyone answers at once. }",
  "  - id: q-multiple",
  "    kind: multiple",
  "    prompt: Which of these are hinge questions?",
  "    options:",
  "      - { id: a, text: A diagnostic multiple-choice question, correct: true, feedback: Yes. }",
  "      - { id: b, text: An exit ticket, correct: true, feedback: It can be. }",
  "      - { id: c, text: A register, correct: false, feedback: No., hint: Think about what it diagnoses. }",
  "  - id: q-short",
  "    kind: short",
  "    prompt: How many seconds of wait time do we aim for?",
  "    answers:",
  "      - five",
  "      - '5'",
  "    feedback:",
  "      correct: Right, about five seconds.",
  "      incorrect: Look again at the reading.",
  "      hint: It is more than three.",
].join("\n");

/** Clicks a save button and waits until the page shows the draft's next revision (a second save shows the same "Saved."). */
async function save(page: Page, button: string) {
  const revision = page.locator('input[name="revision"]').first();
  const before = Number(await revision.inputValue());
  await page.getByRole("button", { name: button }).click();
  await expect(revision).toHaveValue(String(before + 1), { timeout: 30_000 }); // a code exercise is checked in the sandbox first
}

async function createQuiz(page: Page): Promise<string> {
  const moduleId = `quiz-editor-${crypto.randomBytes(4).toString("hex")}`;
  await page.goto("/author/modules/new");
  await page.getByLabel("Module id").fill(moduleId);
  await page.getByLabel("Title").fill(`Hinge questions ${moduleId.slice(-4)}`);
  await page.getByLabel("Summary").fill("Diagnostic questions that tell you, mid-lesson, who is ready to move on.");
  await page.getByLabel("Learning outcomes").fill("Write a hinge question");
  await page.getByLabel("Secondary teachers", { exact: true }).check();
  await page.getByLabel("KS3").check();
  await page.getByLabel("Topics").fill("assessment");
  // Half an hour: the quiz alone is short, and a module may not claim more than its activities take.
  await page.getByLabel("CPD hours").fill("0.5");
  await page.getByRole("button", { name: "Create the module" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Hinge questions/ })).toBeVisible();
  const base = new URL(page.url()).pathname;
  await page.locator("#new-type").selectOption("quiz");
  await page.locator("#new-title").fill("Check your hinge questions");
  await page.getByRole("button", { name: "Add activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit activity: Check your hinge questions" })).toBeVisible();
  // Written as YAML first, so every field is there before the question editor opens it.
  await page.getByRole("link", { name: "Edit the questions as YAML instead" }).click();
  await page.getByLabel("Other settings (YAML)").fill(QUIZ_YAML);
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  // The saved quiz opens in the question editor.
  await expect(page.getByRole("link", { name: "Edit the questions as YAML instead" })).toBeVisible();
  return base;
}

/** The quiz file's text and its front matter, as the draft's export has them. */
async function exportedQuiz(page: Page, base: string): Promise<{ text: string; frontMatter: unknown }> {
  const response = await page.request.get(`${base}/export.zip`);
  expect(response.status()).toBe(200);
  const zip = await JSZip.loadAsync(await response.body());
  const entry = Object.values(zip.files).find((f) => f.name.endsWith("check-your-hinge-questions.md"));
  expect(entry, "the quiz file is in the export").toBeTruthy();
  const text = await entry!.async("string");
  const frontMatter: unknown = parse(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? "");
  return { text, frontMatter };
}

async function expectEditorShows(page: Page) {
  await expect(page.getByLabel("Question 1: kind")).toHaveValue("single");
  await expect(page.getByLabel("Question 2: kind")).toHaveValue("multiple");
  await expect(page.getByLabel("Question 3: kind")).toHaveValue("short");
  await expect(page.getByLabel("Show the right answers and their explanations")).toHaveValue("after-attempts");
  await expect(page.getByLabel("Number of attempts before the answers are shown")).toHaveValue("2");
  await expect(page.getByLabel("Question 3: accepted answers")).toHaveValue("five\n5");
  await expect(page.getByLabel("Question 1, option 1: hint if chosen wrongly, before the answers are shown")).toHaveValue(
    "Who does the thinking?",
  );
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("saving the question editor twice without reloading keeps every question kind and field", async ({ page }) => {
      test.setTimeout(120_000);
      await signInAs(page, DEMO.author);
      const base = await createQuiz(page);
      const before = await exportedQuiz(page, base);

      await page.goto(new URL(page.url()).pathname); // a fresh page, without "Saved."
      await expectEditorShows(page);
      await save(page, "Save questions");
      await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
      // The form shows what was saved, not empty defaults.
      await expectEditorShows(page);
      const afterOne = await exportedQuiz(page, base);
      expect(afterOne.frontMatter).toEqual(before.frontMatter);

      await save(page, "Save questions");
      await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
      await expectEditorShows(page);
      const afterTwo = await exportedQuiz(page, base);
      expect(afterTwo.frontMatter).toEqual(before.frontMatter);
      expect(afterTwo.text).toBe(afterOne.text);
      if (javaScriptEnabled) await expectAccessible(page);
    });
  });
}

test("an edit made after a save is kept, and the rest of the quiz with it", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, DEMO.author);
  const base = await createQuiz(page);
  const before = await exportedQuiz(page, base);
  await page.goto(new URL(page.url()).pathname);
  await save(page, "Save questions");
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();

  // Without reloading: change only the short question's prompt and save.
  await page.getByLabel("Question 3: prompt (Markdown)").fill("How long should wait time last, in seconds?");
  await save(page, "Save questions");
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Question 3: prompt (Markdown)")).toHaveValue("How long should wait time last, in seconds?");
  await expectEditorShows(page);

  const after = await exportedQuiz(page, base);
  const expected = structuredClone(before.frontMatter) as { questions: { prompt: string }[] };
  expected.questions[2]!.prompt = "How long should wait time last, in seconds?";
  expect(after.frontMatter).toEqual(expected);

  // Adding a question (a save and a new blank question) keeps the others too.
  await save(page, "Add a question");
  await expect(page.getByRole("group", { name: "Question 4" })).toBeVisible();
  await expectEditorShows(page);
  const withFourth = (await exportedQuiz(page, base)).frontMatter as { questions: unknown[] };
  expect(withFourth.questions.slice(0, 3)).toEqual(expected.questions);
});

/** Every file of the draft's export, by name. */
async function exportedFiles(page: Page, base: string): Promise<Record<string, string>> {
  const response = await page.request.get(`${base}/export.zip`);
  expect(response.status()).toBe(200);
  const zip = await JSZip.loadAsync(await response.body());
  const out: Record<string, string> = {};
  for (const file of Object.values(zip.files)) if (!file.dir) out[file.name] = await file.async("string");
  return out;
}

test("the details, reading and code editors show what was saved and a second save changes nothing", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, DEMO.author);
  const base = await createQuiz(page);
  await page.goto(base);

  // Details: what was saved is what the form shows (topics tidied), and saving again keeps it.
  await page.getByLabel("Topics").fill("assessment,   questioning");
  await page.getByLabel("Available from (optional)").fill("2026-09-01");
  await save(page, "Save details");
  await expect(page.getByText("Module details saved.")).toBeVisible();
  await expect(page.getByLabel("Topics")).toHaveValue("assessment, questioning");
  await expect(page.getByLabel("Available from (optional)")).toHaveValue("2026-09-01");
  await expect(page.getByLabel("KS3")).toBeChecked();
  const afterDetails = await exportedFiles(page, base);
  await save(page, "Save details");
  await expect(page.getByText("Module details saved.")).toBeVisible();
  expect(await exportedFiles(page, base)).toEqual(afterDetails);

  // A reading and a code exercise: save, then save again without reloading.
  for (const [type, title] of [
    ["reading", "Why hinge questions work"],
    ["code", "Count the right answers"],
  ] as const) {
    await page.goto(base);
    await page.locator("#new-type").selectOption(type);
    await page.locator("#new-title").fill(title);
    await page.getByRole("button", { name: "Add activity" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Edit activity: ${title}` })).toBeVisible();
    await page.getByLabel("Minutes").fill("12");
    await page.getByLabel("Text (Markdown)").fill(`## ${title}\n\nA paragraph.\n`);
    await save(page, "Save activity");
    await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
    await expect(page.getByLabel("Minutes")).toHaveValue("12");
    await expect(page.getByLabel("Text (Markdown)")).toHaveValue(`## ${title}\n\nA paragraph.\n`);
    const once = await exportedFiles(page, base);
    await save(page, "Save activity");
    await expect(page.getByText("Saved.", { exact: true })).toBeVisible();
    expect(await exportedFiles(page, base)).toEqual(once);
  }
});

test("a live preview that finishes while a save is under way does not leave the page on the old revision", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, DEMO.author);
  const base = await createQuiz(page);
  await page.goto(base);
  await page.locator("#new-type").selectOption("reading");
  await page.locator("#new-title").fill("Wait time");
  await page.getByRole("button", { name: "Add activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit activity: Wait time" })).toBeVisible();
  // The live preview answers in the middle of the save: after the save's redirect, before its page
  // data (single fetch: the preview is POST /author/preview.data, page data GET <page>.data).
  // Only the save's own page data is held back: anything the finished preview then loads is not.
  const isPreview = (url: string) => new URL(url).pathname.startsWith("/author/preview");
  let holdNextPageData = false;
  await page.route(/\.data(\?|$)/, async (route) => {
    const request = route.request();
    let delay = 0;
    if (isPreview(request.url())) delay = 1_000;
    else if (request.method() === "GET" && holdNextPageData) {
      holdNextPageData = false;
      delay = 2_500;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    await route.continue();
  });
  const previewSent = page.waitForRequest((request) => isPreview(request.url()));
  await page.getByLabel("Text (Markdown)").fill("## Wait time\n\nCount to five in your head.\n");
  await previewSent;
  const revision = page.locator('input[name="revision"]').first();
  const before = Number(await revision.inputValue());
  holdNextPageData = true;
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(page.getByText("Saved.", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(revision).toHaveValue(String(before + 1));
  // And a second save goes through rather than being refused as a stale revision.
  await page.getByLabel("Minutes").fill("7");
  await page.getByRole("button", { name: "Save activity" }).click();
  await expect(revision).toHaveValue(String(before + 2), { timeout: 15_000 });
  await expect(page.getByLabel("Minutes")).toHaveValue("7");
});
