import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import YAML from "yaml";
import { createAccount, expectAccessible } from "./support.ts";

const MODULE = "unconscious-bias-toolkit";
const MODULE_DIR = path.join(process.cwd(), "courses", "using-the-unconscious-bias-toolkit");

type QuizFile = {
  questions: { id: string; kind: string; options?: { id: string; text: string; correct: boolean }[]; answers?: string[] }[];
};

/** The correct answers, read from the module's own quiz file. */
function quizAnswers(file: string): QuizFile["questions"] {
  const source = fs.readFileSync(path.join(MODULE_DIR, file), "utf8");
  return (YAML.parse(source.split("---")[1]!) as QuizFile).questions;
}

async function enrolFresh(page: Page) {
  await createAccount(page);
  await page.goto(`/courses/${MODULE}`);
  await page.getByRole("button", { name: "Enrol" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${MODULE}/learn/ubt-what-is-unconscious-bias$`));
}

const status = (page: Page) => page.getByTestId("save-status");

test("a teacher enrols, works through each kind of activity, leaves and comes back", async ({ page }) => {
  const requested: string[] = [];
  page.on("request", (r) => requested.push(r.url()));
  await enrolFresh(page);
  await expectAccessible(page);
  // A lesson page loads no editor or runtime code.
  expect(requested.filter((u) => /monaco|blockly|pyodide/i.test(u))).toEqual([]);
  await expect(page.getByRole("heading", { level: 1, name: "What is unconscious bias?" })).toBeVisible();

  // A reading, marked as complete.
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await expect(page.getByText("You have completed this activity.")).toBeVisible();
  const outline = page.getByRole("navigation", { name: "Module outline" });
  await expect(outline.getByRole("link", { name: /What is unconscious bias\? \(Reading, completed\)/ })).toBeVisible();

  // Next, via the pager.
  await page.getByRole("link", { name: /Next: What the research/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /What the research does and does not show/ })).toBeVisible();

  // A quiz: an incomplete attempt is refused, a wrong one gets feedback, a retry passes.
  await outline.getByRole("link", { name: /Check your understanding: foundations/ }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByRole("alert")).toContainText(/Answer questions 1, 2, 3, 4, 5 and 6 before checking/);
  const questions = quizAnswers("03-quiz-foundations.md");
  for (const q of questions) {
    const group = page.getByRole("group", { name: new RegExp(`Question ${questions.indexOf(q) + 1} of`) });
    if (q.kind === "short") await group.getByLabel("Your answer").fill("no idea");
    else await group.getByLabel(q.options!.find((o) => !o.correct)!.text, { exact: true }).check();
  }
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByRole("heading", { name: /Your result: \d+%/ })).toBeVisible();
  await expect(page.getByText(/You have not passed yet/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Try the quiz again" }).click();
  for (const q of questions) {
    const group = page.getByRole("group", { name: new RegExp(`Question ${questions.indexOf(q) + 1} of`) });
    if (q.kind === "short") await group.getByLabel("Your answer").fill(q.answers![0]!);
    else for (const o of q.options!.filter((x) => x.correct)) await group.getByLabel(o.text, { exact: true }).check();
  }
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByRole("heading", { name: "Your result: 100%" })).toBeVisible();
  await expect(page.getByText("You passed")).toBeVisible();
  await expect(page.getByText("Attempts: 2. Best score: 100%.")).toBeVisible();

  // A reflection, saved to the private journal.
  await page.getByRole("link", { name: /Next: Reflection/ }).click();
  const reflection = page.getByRole("textbox");
  await reflection.fill("I notice I ask the same confident pupils first. I will use names out of a hat for a fortnight.");
  await page.getByRole("button", { name: "Save to my journal" }).click();
  await expect(page.getByText(/Saved to your journal on/)).toBeVisible();
  await expectAccessible(page);

  // Leave, come back: the dashboard shows progress and "Continue" goes to the next step.
  await page.goto("/");
  await page.getByRole("link", { name: "My learning" }).click();
  await expect(page.getByRole("progressbar", { name: /Progress in Using the Unconscious Bias Toolkit/ })).toHaveAttribute(
    "aria-valuenow",
    "18",
  );
  await expectAccessible(page);
  await page.getByRole("link", { name: /Continue/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "How bias shows up around gender and technology" })).toBeVisible();

  // The journal, and its export.
  await page.goto("/learning/journal");
  await expect(page.getByText("I notice I ask the same confident pupils first.")).toBeVisible();
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download as Markdown" }).click();
  const file = await (await download).path();
  expect(fs.readFileSync(file, "utf8")).toContain("names out of a hat");
});

test("when the network drops, work is kept, the page says it is waiting, and it is sent on reconnect", async ({ page, context }) => {
  await enrolFresh(page);
  await expect(status(page)).toBeEmpty();
  await context.setOffline(true);
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await expect(page.getByText("You have completed this activity.")).toBeVisible(); // kept on the page
  await expect(status(page)).toContainText("saved on this device and will be sent automatically when the connection returns");
  await context.setOffline(false);
  await expect(status(page)).toBeEmpty({ timeout: 20_000 });
  await page.reload();
  await expect(
    page
      .getByRole("navigation", { name: "Module outline" })
      .getByRole("link", { name: /What is unconscious bias\? \(Reading, completed\)/ }),
  ).toBeVisible();
});

test("a reflection draft survives a reload before it is saved", async ({ page }) => {
  await enrolFresh(page);
  await page.goto(`/courses/${MODULE}/learn/ubt-reflection-quick-judgements`);
  await page.getByRole("textbox").fill("Half-written thought about seating plans");
  await page.reload();
  await expect(page.getByRole("textbox")).toHaveValue("Half-written thought about seating plans");
  await expect(page.getByText("We restored the draft you had not saved yet.")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("readings, quizzes and reflections all work", async ({ page, browser }) => {
    // Sign up and enrol with JavaScript (covered elsewhere), then continue without it in the same session.
    const withJs = await browser.newContext();
    const setup = await withJs.newPage();
    await enrolFresh(setup);
    await page.context().addCookies(await withJs.cookies());

    await page.goto(`/courses/${MODULE}/learn/ubt-what-is-unconscious-bias`);
    await page.getByRole("button", { name: "Mark as complete" }).click();
    await expect(page.getByText("You have completed this activity.")).toBeVisible();

    await page.goto(`/courses/${MODULE}/learn/ubt-quiz-foundations`);
    const questions = quizAnswers("03-quiz-foundations.md");
    for (const q of questions) {
      const group = page.getByRole("group", { name: new RegExp(`Question ${questions.indexOf(q) + 1} of`) });
      if (q.kind === "short") await group.getByLabel("Your answer").fill(q.answers![0]!);
      else for (const o of q.options!.filter((x) => x.correct)) await group.getByLabel(o.text, { exact: true }).check();
    }
    await page.getByRole("button", { name: "Check my answers" }).click();
    await expect(page.getByRole("heading", { name: "Your result: 100%" })).toBeVisible();

    await page.goto(`/courses/${MODULE}/learn/ubt-reflection-quick-judgements`);
    await page.getByRole("button", { name: "Save to my journal" }).click();
    await expect(page.getByText("Write something before saving")).toBeVisible();
    await page.getByRole("textbox").fill("Written without JavaScript.");
    await page.getByRole("button", { name: "Save to my journal" }).click();
    await expect(page.getByText(/Saved to your journal on/)).toBeVisible();
    await expect(page.getByRole("textbox")).toHaveValue("Written without JavaScript.");
  });
});
