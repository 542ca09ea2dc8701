import { expect, type Locator, type Page } from "@playwright/test";

/** Helpers for pages with the block editor (tests/e2e/blocks.spec.ts, tests/e2e/block-exercises.spec.ts). */

/** Waits for Blockly (loaded lazily) and sets the stage to its fastest speed. */
export async function editorReady(page: Page) {
  await expect(page.locator('.blocks-workspace[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Speed", { exact: true }).selectOption("fast");
}

export const stageStatus = (page: Page) => page.locator(".stage-status");

/** A top-level stack in the workspace (not the flyout) whose text includes `text`. */
export const workspaceBlock = (page: Page, text: string) =>
  page.locator(".blocks-workspace svg.blocklySvg .blocklyBlockCanvas > .blocklyDraggable", { hasText: text });

/** A block in the open toolbox category's flyout. */
export const flyoutBlock = (page: Page, text: string) =>
  page.locator(".blocks-workspace svg.blocklyFlyout .blocklyBlockCanvas > .blocklyDraggable", { hasText: text });

export const openCategory = (page: Page, name: string) =>
  page.locator(".blocks-workspace .blocklyToolboxCategory", { hasText: name }).click();

/** Drags `source` by a point near its top-left corner so that the point lands at (x, y). */
export async function dragTo(page: Page, source: Locator, x: number, y: number) {
  const box = (await source.boundingBox())!;
  await page.mouse.move(box.x + 12, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(box.x + 40, box.y + 30, { steps: 5 });
  await page.mouse.move(x, y, { steps: 15 });
  await page.mouse.up();
}

/** Drags the first flyout block matching `text` so that it snaps under the "when green flag clicked" hat. */
export async function dragUnderHat(page: Page, category: string, text: string) {
  await openCategory(page, category);
  const block = flyoutBlock(page, text).first();
  await expect(block).toBeVisible();
  const hat = (await workspaceBlock(page, "when").first().boundingBox())!;
  await dragTo(page, block, hat.x + 12, hat.y + hat.height + 8);
}

export async function press(page: Page, ...keys: string[]) {
  for (const key of keys) await page.keyboard.press(key);
}

/** Presses `key` until the focused element's aria-label matches `label` (at most `max` times). */
export async function pressUntilFocused(page: Page, key: string, label: RegExp, max = 8) {
  for (let i = 0; i < max; i++) {
    const current = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    if (label.test(current)) return;
    await page.keyboard.press(key);
  }
  await expect(page.locator(":focus")).toHaveAttribute("aria-label", label);
}

/** Tabs forward until `target` has focus (at most `max` presses). */
export async function tabTo(page: Page, target: Locator, max = 25) {
  for (let i = 0; i < max && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(target).toBeFocused();
}
