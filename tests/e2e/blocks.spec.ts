import fs from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import JSZip from "jszip";
import { dragTo, flyoutBlock, workspaceBlock } from "./blocks-helpers.ts";
import { expectAccessible } from "./support.ts";

/** The block editor demo (/dev/blocks): Blockly workspace, stage, goals and "Download for Scratch". */

async function openDemo(page: Page, query = "") {
  await page.goto(`/dev/blocks${query}`);
  await expect(page.locator('.blocks-workspace[data-ready="true"]')).toBeVisible();
  await page.getByLabel("Speed", { exact: true }).selectOption("fast");
}

const status = (page: Page) => page.locator(".stage-status");
const program = async (page: Page) => JSON.parse((await page.locator(".blocks-demo__json pre").textContent()) ?? "{}");

async function loadExample(page: Page, name: string) {
  await page.getByLabel("Example program").selectOption({ label: name });
  await page.getByRole("button", { name: "Load example" }).click();
}

test("build a program by drag and drop, run it and see the sprite move", async ({ page }) => {
  await openDemo(page);
  await expect(page.getByText("Blocks used: 1 of 40.")).toBeVisible();
  await page.locator(".blocks-workspace .blocklyToolboxCategory", { hasText: "Motion" }).click();
  const move = flyoutBlock(page, "move").first();
  await expect(move).toBeVisible();
  const hat = (await workspaceBlock(page, "when").first().boundingBox())!;
  await dragTo(page, move, hat.x + 12, hat.y + hat.height + 8);

  await expect
    .poll(async () => (await program(page)).scripts)
    .toEqual([{ type: "event_whenflagclicked", body: [{ type: "motion_movesteps", steps: 10 }] }]);
  await expect(page.getByText("Blocks used: 2 of 40.")).toBeVisible();

  await page.getByRole("button", { name: "Run" }).click();
  await expect(status(page)).toHaveText("Finished after 2 blocks. The sprite is at x 10, y 0, pointing in direction 90 (right).");
  await expect(page.getByRole("img", { name: /^Stage: the sprite is at x 10, y 0/ })).toBeVisible();
  await page.getByText("What happened, step by step").click();
  await expect(page.locator(".stage-trace li")).toHaveText(["Green flag clicked: a script started", "Moved 10 steps to x 10, y 0"]);
  await expectAccessible(page);
});

test("build and run a program with the keyboard only", async ({ page }) => {
  test.setTimeout(120_000); // three axe checks on the way
  await openDemo(page);
  const press = async (...keys: string[]) => {
    for (const key of keys) await page.keyboard.press(key);
  };
  await page.getByRole("button", { name: "Load example" }).focus();
  // Tab: toolbox, then the open category's blocks, then the workspace; arrow down to the green flag block.
  await press("Tab", "Tab", "Tab");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", /stack of blocks/);
  await press("ArrowDown");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", /when, green flag, clicked/);

  // T opens the toolbox; Motion; the first block ("move 10 steps"); Enter places it under the
  // focused block; Enter again drops it there.
  await press("t");
  await expect(page.locator(":focus")).toHaveAttribute("role", "treeitem");
  await press("ArrowDown");
  await expect(page.locator(":focus")).toHaveAccessibleName("Motion");
  await press("ArrowRight");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", /^move, 10, steps/);
  await press("Enter");
  await expectAccessible(page); // the open toolbox, and a block being moved
  await press("Enter");
  await expect.poll(async () => (await program(page)).scripts[0].body).toEqual([{ type: "motion_movesteps", steps: 10 }]);

  // Change 10 to 50: arrow right to the value, Enter, type, Enter.
  await press("ArrowRight");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", "Edit number: 10");
  await press("Enter");
  await expect(page.getByRole("textbox", { name: "Edit number" })).toBeFocused();
  await expectAccessible(page); // the value being typed
  await page.keyboard.type("50");
  await press("Enter");
  await expect.poll(async () => (await program(page)).scripts[0].body).toEqual([{ type: "motion_movesteps", steps: 50 }]);

  // Then "turn right 15 degrees" after it.
  await press("t", "ArrowRight", "ArrowDown");
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", /^turn right, 15, degrees/);
  await press("Enter", "Enter");
  await expect
    .poll(async () => (await program(page)).scripts[0].body)
    .toEqual([
      { type: "motion_movesteps", steps: 50 },
      { type: "motion_turnright", degrees: 15 },
    ]);

  // Leave the editor with Tab and run the program from the keyboard.
  const run = page.getByRole("button", { name: "Run" });
  for (let i = 0; i < 20 && !(await run.evaluate((el) => el === document.activeElement)); i++) await press("Tab");
  await expect(run).toBeFocused();
  await press("Enter");
  await expect(status(page)).toHaveText("Finished after 3 blocks. The sprite is at x 50, y 0, pointing in direction 105.");
});

test("a forever loop runs until Stop", async ({ page }) => {
  await openDemo(page);
  await loadExample(page, "Spin for ever");
  await expect.poll(async () => (await program(page)).scripts[0].body[1].type).toBe("control_forever");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.locator(".stage")).toHaveAttribute("data-running", "true");
  await expect(status(page)).toHaveText(/^(Forever: round \d+|Turned right 15 degrees.*)$/, { timeout: 5000 });
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.locator(".stage")).toHaveAttribute("data-running", "false");
  await expect(status(page)).toHaveText(
    /^Stopped after \d+ blocks\. The sprite is at x 0, y 0, pointing in direction -?\d+.*It last said “Round and round!”\.$/,
  );
  const lines = await page.locator(".stage-trace li").count();
  await page.waitForTimeout(500);
  expect(await page.locator(".stage-trace li").count()).toBe(lines);
});

test("variables keep their values from run to run, as in Scratch, shown in a monitor on the stage; reloading sets them to 0", async ({
  page,
}) => {
  await openDemo(page);
  await loadExample(page, "Count the runs (variables keep their values)");
  await expect.poll(async () => (await program(page)).variables).toEqual(["runs"]);
  const monitor = page.getByRole("list", { name: "Variables" });
  await expect(monitor.getByRole("listitem")).toHaveText(["runs 0"]);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(status(page)).toHaveText(/It last said “1”\.$/);
  await expect(monitor.getByRole("listitem")).toHaveText(["runs 1"]);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(status(page)).toHaveText(/It last said “2”\.$/);
  await expect(monitor.getByRole("listitem")).toHaveText(["runs 2"]);
  await expectAccessible(page);
  await openDemo(page);
  await loadExample(page, "Count the runs (variables keep their values)");
  await expect(page.getByRole("list", { name: "Variables" }).getByRole("listitem")).toHaveText(["runs 0"]);
});

test("check a program against the exercise's goals", async ({ page }) => {
  await openDemo(page);
  await page.getByRole("button", { name: "Check my program" }).click();
  await expect(page.getByRole("heading", { name: "Not yet: 2 of 5 goals are not met." })).toBeFocused();
  await loadExample(page, "Draw a square");
  await page.getByRole("button", { name: "Check my program" }).click();
  await expect(page.getByRole("heading", { name: "Well done: your program meets all 5 goals." })).toBeVisible();
  await expect(page.getByText("Your program uses 4 blocks; up to 6 are allowed.")).toBeVisible();
  await expectAccessible(page);
});

test("download for Scratch gives an .sb3 with project.json and the costume", async ({ page }) => {
  await openDemo(page);
  await loadExample(page, "Bounce with a variable");
  await expect.poll(async () => (await program(page)).variables).toEqual(["speed"]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download for Scratch" }).click()]);
  expect(download.suggestedFilename()).toBe("pathways-blocks.sb3");
  await expect(page.getByText(/Downloaded pathways-blocks\.sb3/)).toBeVisible();

  const zip = await JSZip.loadAsync(await fs.readFile((await download.path())!));
  const project = JSON.parse(await zip.file("project.json")!.async("string"));
  const [stage, sprite] = project.targets;
  expect(stage.isStage).toBe(true);
  expect(Object.values(stage.variables)).toEqual([["speed", 0]]);
  expect(sprite.isStage).toBe(false);
  for (const costume of [...stage.costumes, ...sprite.costumes]) expect(zip.file(costume.md5ext), costume.md5ext).not.toBeNull();
  const opcodes = Object.values(sprite.blocks as Record<string, { opcode: string }>).map((b) => b.opcode);
  expect(opcodes).toEqual(
    expect.arrayContaining([
      "event_whenflagclicked",
      "data_setvariableto",
      "control_repeat",
      "motion_movesteps",
      "control_if",
      "sensing_touchingobject",
    ]),
  );
});

test("Blockly loads only on the blocks page, and everything comes from our own origin", async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  for (const path of ["/", "/courses", "/sign-in"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(requests.filter((url) => /blockly|en-gb-/i.test(url))).toEqual([]);

  await openDemo(page);
  await page.locator(".blocks-workspace .blocklyToolboxCategory", { hasText: "Looks" }).click();
  await page.waitForLoadState("networkidle");
  expect(requests.some((url) => /\/assets\/blockly-[\w-]+\.js$/.test(url))).toBe(true);
  expect(requests.some((url) => url.includes("/blockly-media/"))).toBe(true);
  expect(requests.filter((url) => !url.startsWith(baseURL!) && !url.startsWith("data:") && !url.startsWith("blob:"))).toEqual([]);
});

test("every category of blocks passes axe when open", async ({ page }) => {
  test.setTimeout(180_000); // axe over Blockly's SVG takes a few seconds a time
  await openDemo(page);
  for (const category of ["Events", "Motion", "Looks", "Control", "Sensing", "Operators", "Variables"]) {
    await page.locator(".blocks-workspace .blocklyToolboxCategory", { hasText: category }).click();
    await expect(flyoutBlock(page, "").first()).toBeVisible();
    await expectAccessible(page);
  }
});

test("the block limit counts placed blocks (not typed values) and greys out the toolbox when reached", async ({ page }) => {
  await openDemo(page, "?maxBlocks=2");
  await expect(page.getByText("Blocks used: 1 of 2.")).toBeVisible();
  await page.getByRole("button", { name: "Load example" }).focus();
  for (const key of ["Tab", "Tab", "Tab", "ArrowDown", "t", "ArrowDown", "ArrowRight", "Enter", "Enter"]) await page.keyboard.press(key);
  await expect(page.getByText("You have used all 2 blocks. Remove one to add another.")).toBeVisible();
  await page.locator(".blocks-workspace .blocklyToolboxCategory", { hasText: "Looks" }).click();
  await expect(flyoutBlock(page, "show").first()).toHaveClass(/blocklyDisabled/);
});
