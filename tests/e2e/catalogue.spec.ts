import { expect, test, type Page } from "@playwright/test";
import { createAccount, expectAccessible } from "./support.ts";

// The real module in courses/, published when the test server starts.
const MODULE = { id: "unconscious-bias-toolkit", title: "Using the Unconscious Bias Toolkit" };
const MODULE_PATH = `/courses/${MODULE.id}`;
const LEARN_URL = new RegExp(`/courses/${MODULE.id}/learn(/|$)`);

/** A confirmed account, not signed in on this browser (so it can go through "Sign in to enrol"). */
async function newSignedOutAccount(page: Page) {
  return createAccount(page, { signedIn: false });
}

test("browse, search and filter the catalogue", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses" }).click();
  await expect(page).toHaveURL(/\/courses$/);
  await expect(page.getByRole("heading", { level: 1, name: "Courses" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/^Showing all \d+ modules?\.$/);
  await expect(page.getByRole("link", { name: MODULE.title })).toBeVisible();
  await expectAccessible(page);

  // Search from the keyboard: Enter in the search box submits the form.
  const search = page.getByLabel("Search by keyword");
  await search.fill("Toolkit");
  await search.press("Enter");
  await expect(page).toHaveURL(/[?&]q=Toolkit/);
  await expect(page.getByRole("status")).toHaveText(/^\d+ modules? match(es)? your search and filters\.$/);
  await expect(page.getByRole("link", { name: MODULE.title })).toBeVisible();
  await expect(search).toHaveValue("Toolkit");
  await expect(search).toBeFocused();
  await expectAccessible(page);

  // Filter by key stage and audience; the search is kept.
  await page.getByRole("checkbox", { name: "KS2" }).check();
  await page.getByRole("checkbox", { name: "Primary teachers" }).check();
  await page.getByRole("button", { name: "Show modules" }).click();
  await expect(page).toHaveURL(/keyStage=KS2/);
  await expect(page).toHaveURL(/audience=primary-teachers/);
  await expect(page).toHaveURL(/q=Toolkit/);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: MODULE.title }) });
  await expect(card).toContainText("KS1, KS2, KS3, KS4, KS5");
  await expect(card).toContainText("Primary teachers");
  await expect(card).toContainText("2 hours");
  await expect(page.getByRole("checkbox", { name: "KS2" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Primary teachers" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "KS3" })).not.toBeChecked();
  await expectAccessible(page);

  // Nothing matches: say so, and offer a way back.
  await search.fill("zebra crossings");
  await page.getByRole("button", { name: "Show modules" }).click();
  await expect(page.getByRole("status")).toHaveText("No modules match your search and filters.");
  await expect(page.getByRole("link", { name: MODULE.title })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Clear search and filters" }).click();
  await expect(page).toHaveURL(/\/courses$/);
  await expect(page.getByRole("status")).toHaveText(/^Showing all/);
  await expect(search).toHaveValue("");
  await expect(page.getByRole("checkbox", { name: "KS2" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Primary teachers" })).not.toBeChecked();
});

test("values in the address that make no sense are ignored, never an error", async ({ page }) => {
  const response = await page.goto("/courses?keyStage=KS9&length=forever&audience=%25&topic=a%2Cb&topic=&q=");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("status")).toHaveText(/^Showing all \d+ modules?\.$/);
  await expect(page.getByRole("link", { name: MODULE.title })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "KS1" })).not.toBeChecked();
});

test("the module page shows outcomes, outline, authors and availability", async ({ page }) => {
  await page.goto("/courses");
  await page.getByRole("link", { name: MODULE.title }).click();
  await expect(page).toHaveURL(new RegExp(`${MODULE_PATH}$`));
  await expect(page).toHaveTitle(`${MODULE.title} – Pathways`);
  await expect(page.getByRole("heading", { level: 1, name: MODULE.title })).toBeVisible();
  await expectAccessible(page);

  const outcomes = page.getByRole("region", { name: "What you will learn" }).getByRole("listitem");
  await expect(outcomes).toHaveCount(5);
  await expect(outcomes.nth(2)).toContainText("use the Identify, Challenge, Mitigate toolkit");

  const outline = page.getByRole("region", { name: "Outline" });
  await expect(outline.getByRole("heading", { level: 3 })).toHaveText([
    "Understanding unconscious bias",
    "Gender, technology and bias in school",
    "The toolkit: identify, challenge, mitigate",
    "Case studies and action planning",
  ]);
  const firstSection = outline.locator(".outline > li").first();
  await expect(firstSection.locator(".outline-activities > li")).toHaveText([
    "What is unconscious bias? (Reading, 9 minutes)",
    "What the research does and does not show (Reading, 9 minutes)",
    "Check your understanding: foundations (Quiz, 7 minutes)",
    "Reflection: a quick judgement of your own (Reflection, 5 minutes)",
  ]);

  // Open since 1 September 2026 (module.yaml): a start date in the past is not news (issue 12).
  await expect(page.getByText(/Available from/)).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Who made it" })).toContainText("Pathways editorial team, Author");
  await expect(page.getByRole("region", { name: "Before you start" })).toContainText("You do not need to have done anything else first.");
  await expect(page.getByRole("button", { name: "Enrol" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign in to enrol" })).toHaveAttribute(
    "href",
    `/sign-in?redirectTo=${encodeURIComponent(MODULE_PATH)}`,
  );
});

test("sign in to enrol, then continue learning", async ({ page }) => {
  const account = await newSignedOutAccount(page);
  await page.goto(MODULE_PATH);
  await page.getByRole("link", { name: "Sign in to enrol" }).click();
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  // Back on the module page, signed in.
  await expect(page).toHaveURL(new RegExp(`${MODULE_PATH}$`));
  await expect(page.getByRole("link", { name: "Continue learning" })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Enrol" }).click();
  await expect(page).toHaveURL(LEARN_URL);

  await page.goto(MODULE_PATH);
  await expect(page.getByText("You are enrolled in this module.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Continue learning" })).toHaveAttribute("href", `${MODULE_PATH}/learn`);
  await expect(page.getByRole("button", { name: "Enrol" })).toHaveCount(0);
  await expectAccessible(page);

  // Enrolling again (a second tab, a double click) just goes to the learning page.
  const again = await page.request.post(`${MODULE_PATH}?index`, {
    form: { intent: "enrol" },
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(302);
  expect(again.headers()["location"]).toBe(`${MODULE_PATH}/learn`);
});

test("enrolling needs a signed-in person and a real module", async ({ page, request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const anonymous = await request.post(`${MODULE_PATH}?index`, { form: { intent: "enrol" }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(anonymous.status()).toBe(302);
  expect(anonymous.headers()["location"]).toMatch(/^\/sign-in\?redirectTo=/);

  for (const path of ["/courses/no-such-module", "/courses/Not_A_Valid_Id"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  await expectAccessible(page);

  await createAccount(page);
  const unknown = await page.request.post("/courses/no-such-module?index", {
    form: { intent: "enrol" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(unknown.status()).toBe(404);
  const garbled = await page.request.post(`${MODULE_PATH}?index`, {
    form: { intent: "hack" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(garbled.status()).toBe(400);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("search, filter, clear and enrol", async ({ page }) => {
    // axe cannot run without JavaScript; the same server-rendered pages are scanned above.
    await page.goto("/courses");
    await page.getByLabel("Search by keyword").fill("bias");
    await page.getByRole("checkbox", { name: "KS3" }).check();
    await page.getByRole("checkbox", { name: "Secondary computing teachers" }).check();
    await page.getByRole("button", { name: "Show modules" }).click();
    await expect(page).toHaveURL(/q=bias/);
    await expect(page.getByRole("status")).toHaveText(/^\d+ modules? match(es)? your search and filters\.$/);
    await expect(page.getByRole("link", { name: MODULE.title })).toBeVisible();
    await expect(page.getByLabel("Search by keyword")).toHaveValue("bias");
    await expect(page.getByRole("checkbox", { name: "KS3" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Secondary computing teachers" })).toBeChecked();

    await page.getByRole("checkbox", { name: "More than 3 hours" }).check();
    await page.getByRole("button", { name: "Show modules" }).click();
    await expect(page.getByRole("status")).toHaveText("No modules match your search and filters.");
    await page.getByRole("link", { name: "Clear search and filters" }).click();
    await expect(page.getByRole("status")).toHaveText(/^Showing all/);
    await expect(page.getByRole("checkbox", { name: "KS3" })).not.toBeChecked();

    await createAccount(page);
    await page.goto(MODULE_PATH);
    await page.getByRole("button", { name: "Enrol" }).click();
    await expect(page).toHaveURL(LEARN_URL);
    await page.goto(MODULE_PATH);
    await expect(page.getByRole("link", { name: "Continue learning" })).toBeVisible();
  });
});
