import { expect, type Locator, type Page, test } from "@playwright/test";
import { editorReady } from "./blocks-helpers.ts";
import { createAccount, enrol, expectAccessible } from "./support.ts";

// The fixture's "walk-fifty" (tests/fixtures/courses/blocks-fixture/01-walk.md) has a scene: the grid
// backdrop, a flag at (50, 0) labelled "Finish flag" and a wall from (100, −40) to (120, 40).
const MODULE = "blocks-fixture";

test.describe.configure({ timeout: 120_000 });

async function openExercise(page: Page) {
  await createAccount(page);
  await enrol(page, MODULE);
  await page.goto(`/courses/${MODULE}/learn/walk-fifty`);
  await editorReady(page);
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`No box for ${String(locator)}`);
  return found;
}

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test.describe("on a wide screen (1280 × 800)", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the stage draws the exercise's scene, says it in words, and sits beside the blocks", async ({ page }) => {
    await openExercise(page);
    const scene = page.locator(".stage-scene");
    await expect(scene).toHaveAttribute("data-backdrop", "grid");
    await expect(scene.locator('.stage-marker[data-kind="flag"]')).toHaveCount(1);
    await expect(scene.locator(".stage-marker")).toContainText("Finish flag");
    await expect(scene.locator(".stage-obstacle")).toContainText("Wall");
    const stage = page.getByRole("img", { name: /^Stage: the sprite is at x 0, y 0/ });
    await expect(stage).toHaveAccessibleDescription(
      /^Backdrop: grid\. Finish flag at \(50, 0\)\. Obstacle: Wall from \(100, −40\) to \(120, 40\)\. For “when key pressed” blocks/,
    );
    // The picture is hidden from screen readers (the description says it); the text is on the page too.
    await expect(scene).toHaveAttribute("aria-hidden", "true");
    await expect(page.getByText("Backdrop: grid. Finish flag at (50, 0).")).toBeVisible();
    await expectAccessible(page);

    // Side by side: the stage to the right of the blocks, their tops level-ish (they overlap vertically).
    const workspace = await box(page.locator(".blocks-workspace"));
    const frame = await box(page.locator(".stage-frame"));
    expect(frame.x).toBeGreaterThanOrEqual(workspace.x + workspace.width);
    expect(frame.y).toBeLessThan(workspace.y + workspace.height);
    expect(workspace.width).toBeGreaterThan(400);
    await page.screenshot({ path: test.info().outputPath("wide-1280.png"), fullPage: true });
  });
});

test.describe("on a phone (375 × 812)", () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test("the blocks and the stage stack, and no block is under the zoom controls or the trashcan", async ({ page }) => {
    await openExercise(page);
    const workspace = await box(page.locator(".blocks-workspace"));
    const frame = await box(page.locator(".stage-frame"));
    expect(frame.y).toBeGreaterThanOrEqual(workspace.y + workspace.height);
    expect(frame.x + frame.width).toBeLessThanOrEqual(375);

    await page.locator(".blocks-editor").scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath("phone-375.png") });
    const controls = page.locator('[data-testid="blocks-zoom"], .blocklyZoom, .blocklyTrash');
    const blocks = page.locator(".blocks-workspace .blocklyBlockCanvas > .blocklyDraggable");
    expect(await blocks.count()).toBeGreaterThan(0);
    const blockBoxes = (await Promise.all((await blocks.all()).map((b) => b.boundingBox()))).filter((b): b is Box => b !== null);
    let controlCount = 0;
    for (const control of await controls.all()) {
      const c = await control.boundingBox();
      if (!c || c.width === 0) continue;
      controlCount += 1;
      for (const b of blockBoxes) expect(intersects(c, b), `control ${JSON.stringify(c)} over block ${JSON.stringify(b)}`).toBe(false);
    }
    expect(controlCount).toBeGreaterThan(0);
    await expectAccessible(page);

    // The zoom buttons work (from the keyboard too).
    const before = blockBoxes[0]!;
    await page.getByRole("button", { name: "Zoom in" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await box(blocks.first())).width).toBeGreaterThan(before.width * 1.1);
    await page.getByRole("button", { name: "Reset zoom" }).click();
    await expect.poll(async () => Math.round((await box(blocks.first())).width)).toBe(Math.round(before.width));
  });
});
