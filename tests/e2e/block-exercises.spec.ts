import fs from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import JSZip from "jszip";
import { dragUnderHat, editorReady, press, pressUntilFocused, stageStatus, tabTo } from "./blocks-helpers.ts";
import { createAccount, enrol, expectAccessible, signInAs } from "./support.ts";

// tests/fixtures/courses/blocks-fixture, published by the e2e server (EXTRA_COURSES_DIRS):
// "walk-fifty" (move the sprite 50 steps right; toolbox: flag, move, turn right; at most 4 blocks)
// and a reading, "about-blocks".
const MODULE = "blocks-fixture";
const learn = (activityId: string) => `/courses/${MODULE}/learn/${activityId}`;
const DRAFT_KEY = `pathways.blocks-draft.${MODULE}.walk-fifty`;

test.describe.configure({ timeout: 120_000 });

async function enrolFresh(page: Page) {
  const account = await createAccount(page);
  await enrol(page, MODULE);
  await page.goto(learn("walk-fifty"));
  await editorReady(page);
  return account;
}

const report = (page: Page) => page.getByTestId("blocks-report");
const checkButton = (page: Page) => page.getByRole("button", { name: "Check my program" });

/** Keyboard: from the last link of the outline, Tab into the editor and on to the block labelled `label`. */
async function focusBlock(page: Page, label: RegExp) {
  await page.getByRole("navigation", { name: "Module outline" }).getByRole("link").last().focus();
  await press(page, "Tab", "Tab", "Tab"); // the toolbox, the open category's blocks, the workspace
  await pressUntilFocused(page, "ArrowDown", label);
}

test("build by drag and by keyboard, run, fail then pass the check; the workspace comes back after reload and on another computer", async ({
  page,
  browser,
}) => {
  const account = await enrolFresh(page);
  await expect(page.getByText("Blocks used: 1 of 4.")).toBeVisible();
  await expectAccessible(page);

  // Drag "move 10 steps" under the green flag, run it and check it: not yet.
  await dragUnderHat(page, "Motion", "move");
  await expect(page.getByText("Blocks used: 2 of 4.")).toBeVisible();
  await page.getByRole("button", { name: "Run" }).click();
  await expect(stageStatus(page)).toHaveText("Finished after 2 blocks. The sprite is at x 10, y 0, pointing in direction 90 (right).");
  await checkButton(page).click();
  await expect(page.getByRole("heading", { name: "Not yet: 1 of 3 goals are not met." })).toBeFocused();
  await expect(report(page)).toContainText("The sprite should finish at x 50, y 0, but it finished at x 10, y 0.");
  await expect(page.getByText("You have completed this activity")).toHaveCount(0);
  await expectAccessible(page);

  // By keyboard: go to the move block's value and make it 50.
  await focusBlock(page, /^move, 10, steps/);
  await press(page, "ArrowRight");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", "Edit number: 10");
  await press(page, "Enter");
  await expect(page.getByRole("textbox", { name: "Edit number" })).toBeFocused();
  await page.keyboard.type("50");
  await press(page, "Enter");
  await tabTo(page, checkButton(page));
  await press(page, "Enter");
  await expect(page.getByRole("heading", { name: "Well done: your program meets all 3 goals." })).toBeFocused();
  // The server re-checks the program and completes the activity.
  await expect(page.getByText("You have completed this activity.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Module outline" }).getByRole("link", { name: /Walk fifty steps/ })).toContainText(
    "(Block exercise, completed)",
  );

  // Reload: the program is restored.
  await page.reload();
  await editorReady(page);
  await expect(page.getByText("Blocks used: 2 of 4.")).toBeVisible();
  await page.getByRole("button", { name: "Run" }).click();
  await expect(stageStatus(page)).toHaveText(/^Finished after 2 blocks\. The sprite is at x 50, y 0/);

  // Another computer (no local copy): the account's copy is restored.
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await signInAs(elsewhere, account);
  await elsewhere.goto(learn("walk-fifty"));
  await editorReady(elsewhere);
  await expect(elsewhere.getByText("Blocks used: 2 of 4.")).toBeVisible();
  await expect(elsewhere.getByText(/We loaded the program you saved/)).toBeVisible();

  // A damaged copy on this device: the account's copy is used instead.
  await elsewhere.evaluate((key) => localStorage.setItem(key, JSON.stringify({ code: "{ damaged", at: Date.now() + 60_000 })), DRAFT_KEY);
  await elsewhere.reload();
  await editorReady(elsewhere);
  await expect(
    elsewhere.getByText(
      "The copy of your program on this device could not be opened: the saved copy is damaged. We loaded your other copy (saved to your account) instead.",
    ),
  ).toBeVisible();
  await expect(elsewhere.getByText("Blocks used: 2 of 4.")).toBeVisible();
  await other.close();
});

test("build a program with the keyboard only and check it", async ({ page }) => {
  await enrolFresh(page);
  await focusBlock(page, /when, green flag, clicked/);
  // T opens the toolbox; Motion; its first block ("move 10 steps"); Enter places it under the
  // focused block; Enter again drops it.
  await press(page, "t");
  await expect(page.locator(":focus")).toHaveAttribute("role", "treeitem");
  await press(page, "ArrowDown");
  await expect(page.locator(":focus")).toHaveAccessibleName("Motion");
  await press(page, "ArrowRight");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", /^move, 10, steps/);
  await press(page, "Enter", "Enter");
  await expect(page.getByText("Blocks used: 2 of 4.")).toBeVisible();
  await press(page, "ArrowRight");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", "Edit number: 10");
  await press(page, "Enter");
  await page.keyboard.type("50");
  await press(page, "Enter");
  await tabTo(page, checkButton(page));
  await press(page, "Enter");
  await expect(page.getByRole("heading", { name: "Well done: your program meets all 3 goals." })).toBeFocused();
  await expect(page.getByText("You have completed this activity.")).toBeVisible();
});

test("a damaged or out-of-date saved program is reported and the starting blocks are offered; reset asks first", async ({ page }) => {
  await enrolFresh(page);
  await page.evaluate(
    (key) => localStorage.setItem(key, JSON.stringify({ code: "{ this is not a program", at: Date.now() + 60_000 })),
    DRAFT_KEY,
  );
  await page.reload();
  await editorReady(page);
  await expect(
    page.getByRole("status").filter({ hasText: "Your saved program could not be opened: the saved copy is damaged." }),
  ).toBeVisible();
  await expect(page.getByText("Blocks used: 1 of 4.")).toBeVisible();
  await expectAccessible(page);

  // A copy from an older version of the exercise, which offered "say".
  const older = {
    format: "pathways-blocks",
    version: 1,
    blockly: "13.3.0",
    workspace: {
      blocks: {
        languageVersion: 0,
        blocks: [
          {
            type: "event_whenflagclicked",
            x: 24,
            y: 24,
            next: { block: { type: "looks_say", inputs: { MESSAGE: { shadow: { type: "text", fields: { TEXT: "Hi" } } } } } },
          },
        ],
      },
    },
  };
  await page.evaluate(
    ([key, text]) => localStorage.setItem(key!, JSON.stringify({ code: text, at: Date.now() + 60_000 })),
    [DRAFT_KEY, JSON.stringify(older)],
  );
  await page.reload();
  await editorReady(page);
  await expect(page.getByText(/it uses blocks that are no longer part of this exercise \(“say”\)/)).toBeVisible();
  await expect(page.getByText("Blocks used: 1 of 4.")).toBeVisible();

  // A copy that looks right but that the editor cannot load (a stack block in a number slot).
  const unloadable = {
    ...older,
    workspace: {
      blocks: {
        languageVersion: 0,
        blocks: [
          {
            type: "event_whenflagclicked",
            next: { block: { type: "motion_turnright", inputs: { DEGREES: { block: { type: "motion_movesteps" } } } } },
          },
        ],
      },
    },
  };
  await page.evaluate(
    ([key, text]) => localStorage.setItem(key!, JSON.stringify({ code: text, at: Date.now() + 60_000 })),
    [DRAFT_KEY, JSON.stringify(unloadable)],
  );
  await page.reload();
  await editorReady(page);
  await expect(page.getByText(/Your saved program could not be opened: the block editor could not read it\./)).toBeVisible();
  await expect(page.getByText("Blocks used: 1 of 4.")).toBeVisible();

  // Change something, then reset to the starting blocks (after confirming).
  await dragUnderHat(page, "Motion", "move");
  await expect(page.getByText("Blocks used: 2 of 4.")).toBeVisible();
  await page.getByRole("button", { name: "Reset to starting blocks" }).click();
  await expect(page.getByText("Replace your program with the starting blocks?")).toBeFocused();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText("Blocks used: 2 of 4.")).toBeVisible();
  await page.getByRole("button", { name: "Reset to starting blocks" }).click();
  await page.getByRole("button", { name: "Yes, reset my program" }).click();
  await expect(page.getByText("Blocks used: 1 of 4.")).toBeVisible();
  await expect(page.getByText("Your program has been reset to the starting blocks.")).toBeVisible();
});

test("hints one at a time, and Download for Scratch gives a valid .sb3", async ({ page }) => {
  await enrolFresh(page);
  await page.getByRole("button", { name: "Show a hint (1 of 2)" }).click();
  await expect(page.locator(".exercise-hints li")).toHaveText(["Use a move block under the green flag."]);
  await page.getByRole("button", { name: "Show another hint (2 of 2)" }).click();
  await expect(page.locator(".exercise-hints li")).toHaveCount(2);

  await dragUnderHat(page, "Motion", "move");
  await expect(page.getByText("Blocks used: 2 of 4.")).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download for Scratch" }).click()]);
  expect(download.suggestedFilename()).toBe("walk-fifty.sb3");
  await expect(page.getByText(/Downloaded walk-fifty\.sb3/)).toBeVisible();

  const zip = await JSZip.loadAsync(await fs.readFile((await download.path())!));
  const project = JSON.parse(await zip.file("project.json")!.async("string"));
  expect(project.meta.semver).toMatch(/^3\./);
  const [stage, sprite] = project.targets;
  expect(stage.isStage).toBe(true);
  expect(sprite).toMatchObject({ isStage: false, x: 0, y: 0, direction: 90 });
  for (const costume of [...stage.costumes, ...sprite.costumes]) expect(zip.file(costume.md5ext), costume.md5ext).not.toBeNull();
  const blocks = Object.values(sprite.blocks as Record<string, { opcode: string; inputs: Record<string, unknown> }>);
  expect(blocks.map((b) => b.opcode)).toEqual(expect.arrayContaining(["event_whenflagclicked", "motion_movesteps"]));
  await expectAccessible(page);
});

test("Blockly and the exercise's code load on the block exercise, not on the module's other pages", async ({ page }) => {
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await enrolFresh(page);
  expect(requests.some((url) => /\/assets\/blockly-[\w-]+\.js$/.test(url))).toBe(true);
  expect(requests.some((url) => /\/assets\/block-exercise-[\w-]+\.js$/.test(url))).toBe(true);

  requests.length = 0;
  await page.goto(learn("about-blocks"));
  await expect(page.getByRole("heading", { name: "About block programming" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as complete" })).toBeVisible();
  await page.waitForTimeout(1000); // anything the page would load lazily has started by now
  expect(requests.filter((url) => /blockly|en-gb-|block-exercise-/i.test(url))).toEqual([]);
  await expectAccessible(page);
});
