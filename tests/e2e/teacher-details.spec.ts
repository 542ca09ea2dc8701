import { expect, test, type Locator, type Page } from "@playwright/test";
import { createAccount, DEMO, expectAccessible, signInAs } from "./support.ts";

// Smaller things a teacher notices (issue 12), most of them on a phone.
const PHONE = { width: 375, height: 740 };
const MODULE = "unconscious-bias-toolkit";

/**
 * Where a list item's bullet is drawn: the bullet sits on the baseline of the item's first line box,
 * and so does a zero-width text probe put at the start of the item. Returns the probe's
 * top and the link's top and height.
 */
async function bulletLine(item: Locator) {
  return item.evaluate((li) => {
    // A text node, not an element: `li > a:only-child` (the rule at fault) must still match.
    const probe = document.createTextNode("\u200b");
    li.prepend(probe);
    const range = document.createRange();
    range.selectNodeContents(probe);
    const link = li.querySelector("a")!.getBoundingClientRect();
    const at = range.getBoundingClientRect();
    probe.remove();
    return { probeTop: at.top, linkTop: link.top, linkHeight: link.height };
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("the error summary's bullets sit on the first line of their message, even when it wraps", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByLabel("Full name").fill("Sam Okafor");
    await page.getByLabel("Email address").fill("sam@@school");
    await page.getByLabel("Password", { exact: true }).fill("password123");
    await page.getByRole("button", { name: "Create account" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
    await expect(summary).toBeVisible();
    const items = summary.getByRole("listitem");
    expect(await items.count()).toBeGreaterThan(1);
    let wrapped = 0;
    for (const item of await items.all()) {
      const { probeTop, linkTop, linkHeight } = await bulletLine(item);
      if (linkHeight > 30) wrapped++; // a message on two lines or more
      expect(Math.abs(probeTop - linkTop), `bullet of "${await item.innerText()}" is not on its first line`).toBeLessThan(12);
    }
    expect(wrapped, "at 375px some messages wrap (what showed the fault)").toBeGreaterThan(0);
    await expectAccessible(page);
  });
});

test.describe("on a phone: disclosures for the catalogue filters and the lesson outline", () => {
  test.use({ viewport: PHONE });

  test("the catalogue's filters fold behind 'Filter courses', which opens from the keyboard", async ({ page }) => {
    await page.goto("/courses");
    const summary = page.locator("summary", { hasText: "Filter courses" });
    const ks2 = page.getByRole("checkbox", { name: "KS2" });
    await expect(summary).toBeVisible();
    await expect(ks2).toBeHidden();
    // The results start on the first screen.
    const firstResult = page.locator(".catalogue-results > li").first();
    expect((await firstResult.boundingBox())!.y).toBeLessThan(PHONE.height);
    await expectAccessible(page);

    await page.getByLabel("Search by keyword").focus();
    await page.keyboard.press("Tab");
    await expect(summary).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(ks2).toBeVisible();
    await ks2.focus();
    await page.keyboard.press("Space");
    await expect(ks2).toBeChecked();
    await page.getByRole("button", { name: "Show modules" }).click();
    await expect(page).toHaveURL(/keyStage=KS2/);
    // A chosen filter keeps the disclosure open, and says how many are chosen.
    await expect(page.locator("summary", { hasText: "Filter courses (1 chosen)" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "KS2" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "KS2" })).toBeChecked();
    await expectAccessible(page);

    // Closing it again from the keyboard hides the filters.
    await page.locator("summary").focus();
    await page.keyboard.press("Space");
    await expect(page.getByRole("checkbox", { name: "KS2" })).toBeHidden();
  });

  test("the lesson outline is a disclosure at the top, with no stray vertical rule", async ({ page }) => {
    await enrol(page);
    const summary = page.locator("summary", { hasText: "Module outline" });
    const outline = page.getByRole("navigation", { name: "Module outline" });
    const title = page.locator("#activity-title");
    await expect(summary).toBeVisible();
    await expect(outline).toBeHidden();
    expect((await summary.boundingBox())!.y).toBeLessThan((await title.boundingBox())!.y);
    await expect(page.locator(".lesson-sidebar")).toHaveCSS("border-right-width", "0px");
    await expectAccessible(page);

    await summary.focus();
    await expect(summary).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(outline).toBeVisible();
    await outline.getByRole("link", { name: /What the research does and does not show/ }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/learn\/ubt-what-the-research-shows$/);
    await expect(page.locator("#activity-title")).toHaveText(/What the research does and does not show/);
    await expectAccessible(page);
  });
});

test("on a wide screen the filters and the outline are shown without a disclosure to open", async ({ page }) => {
  await page.goto("/courses");
  await expect(page.getByRole("checkbox", { name: "KS2" })).toBeVisible();
  await expect(page.locator("summary", { hasText: "Filter courses" })).toBeHidden();
  await enrol(page);
  await expect(page.getByRole("navigation", { name: "Module outline" })).toBeVisible();
  await expect(page.locator("summary", { hasText: "Module outline" })).toBeHidden();
});

test("an enrolled learner's module page outline links to each activity; a visitor's does not", async ({ page }) => {
  await page.goto(`/courses/${MODULE}`);
  const outline = page.getByRole("region", { name: "Outline" });
  await expect(outline.getByRole("listitem").filter({ hasText: "What is unconscious bias?" }).first()).toBeVisible();
  await expect(outline.getByRole("link")).toHaveCount(0);

  await enrol(page);
  await page.goto(`/courses/${MODULE}`);
  const link = outline.getByRole("link", { name: "What the research does and does not show" });
  await expect(link).toBeVisible();
  expect(await outline.getByRole("link").count()).toBeGreaterThan(10);
  await expectAccessible(page);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/courses/${MODULE}/learn/ubt-what-the-research-shows$`));
  await expect(page.locator("#activity-title")).toHaveText("What the research does and does not show");
});

test("/admin links to the review queue", async ({ page }) => {
  await signInAs(page, DEMO.admin);
  await page.goto("/admin");
  await page.getByRole("link", { name: /Review queue/ }).click();
  await expect(page).toHaveURL(/\/author\/reviews$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
});

async function enrol(page: Page) {
  await createAccount(page);
  await page.goto(`/courses/${MODULE}`);
  await page.getByRole("button", { name: "Enrol" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${MODULE}/learn/`));
}

test("journal entries show when they were last edited, in UK format and London time", async ({ page }) => {
  await enrol(page);
  await page.goto(`/courses/${MODULE}/learn/ubt-reflection-quick-judgements`);
  await page.getByRole("textbox").fill("I reached for the confident pupils first in a Year 8 lesson; a fictional example, but familiar.");
  await page.getByRole("button", { name: "Save to my journal" }).click();
  await expect(page.getByText(/Saved to your journal on/)).toBeVisible();

  await page.goto("/learning/journal");
  const entry = page.getByRole("article");
  await expect(entry).toHaveCount(1);
  const when = entry.locator("time");
  await expect(entry).toContainText("Last edited");
  await expect(when).toHaveText(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}$/);
  const savedAt = new Date((await when.getAttribute("datetime"))!);
  expect(Math.abs(Date.now() - savedAt.getTime())).toBeLessThan(5 * 60_000);
  // London's wall-clock time of that moment (BST or GMT), e.g. "4 December 2026 at 03:05".
  const london = new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Europe/London",
  }).formatToParts(savedAt);
  const part = (type: string) => london.find((p) => p.type === type)!.value;
  await expect(when).toHaveText(`${part("day")} ${part("month")} ${part("year")} at ${part("hour")}:${part("minute")}`);
  await expectAccessible(page);
});
