import { expect, request, test, type Page } from "@playwright/test";
import { createAccount, enrol as enrolOn } from "../e2e/support.ts";

/**
 * Issue 11, item 9: the browser's progress queue never drops work. A write queued while offline
 * survives the session ending (401): the learner is asked to sign in again and it is sent afterwards,
 * to the same account only. A write the server refuses is shown, and does not hold up the others.
 */
const MODULE = "unconscious-bias-toolkit";
const LESSON = `/courses/${MODULE}/learn/ubt-what-is-unconscious-bias`;

test.use({ actionTimeout: 15_000 });

const status = (page: Page) => page.getByTestId("save-status");
const completedInOutline = (page: Page) =>
  page.getByRole("navigation", { name: "Module outline" }).getByRole("link", { name: /What is unconscious bias\? \(Reading, completed\)/ });

async function enrol(page: Page) {
  const account = await createAccount(page);
  await enrolOn(page, MODULE);
  await page.goto(LESSON);
  return account;
}

/** Ends the browser's session on the server (as an expiry or a sign-out elsewhere would), leaving its cookie in place. */
async function endSessionOnServer(page: Page, baseURL: string) {
  const cookie = (await page.context().cookies()).find((c) => c.name === "pathways_session");
  expect(cookie).toBeTruthy();
  const api = await request.newContext({
    baseURL,
    extraHTTPHeaders: { Cookie: `pathways_session=${cookie!.value}`, Origin: new URL(baseURL).origin },
  });
  const response = await api.post("/sign-out", { maxRedirects: 0 });
  expect(response.status()).toBeLessThan(400);
  await api.dispose();
  await page.context().addCookies([cookie!]); // the browser still holds the (now dead) cookie
}

test("offline, complete, session ends, back online: asked to sign in, then the completion arrives", async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  const account = await enrol(page);
  await context.setOffline(true);
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await expect(status(page)).toContainText("1 change is saved on this device and will be sent automatically");

  await endSessionOnServer(page, baseURL!);
  await context.setOffline(false);
  await expect(status(page)).toContainText(
    "Your session has ended. 1 change is saved on this device and will be sent when you sign in again.",
  );
  const stored = await page.evaluate(() => localStorage.getItem("pathways.progress-queue.v1"));
  expect(stored).toContain('"intent":"complete"'); // kept, not emptied

  await status(page).getByRole("link", { name: "Sign in again" }).click();
  await page.getByLabel("Email address").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${LESSON}$`)); // back where they were
  await expect(completedInOutline(page)).toBeVisible({ timeout: 20_000 });
  await expect(status(page)).toBeEmpty();
  await page.reload();
  await expect(completedInOutline(page)).toBeVisible(); // recorded on the server
});

test("writes made by one account are never sent to another who signs in on the same device", async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  const first = await enrol(page);
  await context.setOffline(true);
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await expect(status(page)).toContainText("1 change is saved on this device");
  await endSessionOnServer(page, baseURL!);
  await context.setOffline(false);
  await expect(status(page)).toContainText("Your session has ended.");

  // Someone else signs up on this device and opens the same lesson.
  await context.clearCookies();
  await enrol(page);
  await expect(status(page)).toContainText("1 change is saved on this device by another account");
  await page.reload();
  await expect(page.getByRole("button", { name: "Mark as complete" })).toBeVisible(); // not theirs
  await expect(completedInOutline(page)).toHaveCount(0);

  // The first learner signs in again here: their completion is sent to them.
  await context.clearCookies();
  await page.goto(`/sign-in?redirectTo=${encodeURIComponent(LESSON)}`);
  await page.getByLabel("Email address").fill(first.email);
  await page.getByLabel("Password", { exact: true }).fill(first.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(completedInOutline(page)).toBeVisible({ timeout: 20_000 });
});

test("a write the server refuses is shown and does not hold up the writes behind it", async ({ page, context }) => {
  test.setTimeout(120_000);
  await enrol(page);
  await context.setOffline(true);
  // Two writes the server cannot accept, queued first: a quiz answer for a reading (400), and a
  // reflection with a lone surrogate (the server answered 500 for it; it may answer 400).
  await page.evaluate(
    ({ moduleId }) => {
      const queue = JSON.parse(localStorage.getItem("pathways.progress-queue.v1") ?? "[]") as unknown[];
      queue.push(
        { clientId: "refused-quiz-0001", moduleId, activityId: "ubt-what-is-unconscious-bias", intent: "quiz", answers: {}, queuedAt: 1 },
        {
          clientId: "refused-text-0001",
          moduleId,
          activityId: "ubt-reflection-quick-judgements",
          intent: "reflection",
          text: "Broken \ud800 text",
          queuedAt: 2,
        },
      );
      localStorage.setItem("pathways.progress-queue.v1", JSON.stringify(queue));
    },
    { moduleId: MODULE },
  );
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await context.setOffline(false);

  const refused = page.getByRole("region", { name: /not saved/ });
  await expect(refused).toContainText("Your quiz answers (What is unconscious bias?): This activity is not a quiz.");
  await expect(completedInOutline(page)).toBeVisible({ timeout: 20_000 }); // the completion behind them arrived
  await expect(refused).toContainText("Your journal entry (", { timeout: 30_000 }); // shown, after retries if it was a 500
  await expect(refused.getByRole("heading")).toHaveText("2 changes were not saved");
  await refused.getByText("The text you wrote").click();
  await expect(refused.getByText("Broken")).toBeVisible(); // the learner can copy what they wrote

  await page.reload();
  await expect(completedInOutline(page)).toBeVisible();
  await expect(refused).toContainText("This activity is not a quiz."); // still listed after a reload
  await refused.getByRole("button", { name: /Dismiss.*Your quiz answers/ }).click();
  await expect(refused.getByRole("heading")).toHaveText("1 change was not saved");
});
