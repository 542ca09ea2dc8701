import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { CERT_ACTIVITIES, CERT_MODULE, CERT_MODULE_TITLE } from "./certificate-helpers.ts";
import { createAccount, DEMO, expectAccessible, signInAs } from "./support.ts";

/**
 * Module ratings (docs/decisions/0015): a learner who has completed the small fixture module
 * (tests/fixtures/courses/certificate-fixture) rates it out of 6 with a comment, changes the rating,
 * and an administrator sees the average and the comment (anonymously) on /admin.
 */

/** Enrols and completes both readings, ending on the completion page. Works with or without JavaScript. */
async function completeModule(page: Page) {
  await page.goto(`/courses/${CERT_MODULE}`);
  await page.getByRole("button", { name: "Enrol" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${CERT_MODULE}/learn/${CERT_ACTIVITIES[0]}$`));
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await expect(page.getByText("You have completed this activity.")).toBeVisible();
  await page.getByRole("link", { name: /Next: Second certificate reading/ }).click();
  await page.getByRole("button", { name: "Mark as complete" }).click();
  // The last activity leads to the completion page, which has the rating form.
  await expect(page.getByRole("heading", { level: 1, name: `You have completed ${CERT_MODULE_TITLE}` })).toBeVisible();
}

test("a learner rates a module after completing it and changes the rating; an admin sees the average and the comment", async ({
  page,
  browser,
}) => {
  test.slow();
  await createAccount(page, { name: `Rosa Rater-${crypto.randomBytes(3).toString("hex")}` });

  // Before completing, there is nothing to rate.
  await page.goto(`/courses/${CERT_MODULE}/rate`);
  await expect(page.getByText("Enrol in")).toBeVisible();
  await expect(page.getByRole("group", { name: /How would you rate/ })).toHaveCount(0);

  await completeModule(page);
  const form = page.getByRole("group", { name: new RegExp(`How would you rate ${CERT_MODULE_TITLE}`) });
  await expect(form).toBeVisible();
  await expect(page.getByText("shown to the module's authors without your name")).toBeVisible();
  await expectAccessible(page);

  // Sending without a score shows the error summary (client-side, the same schema as the server).
  await page.getByRole("button", { name: "Send your rating" }).click();
  await expect(page.getByRole("alert").getByText("Choose a rating from 1 to 6")).toBeVisible();
  await expectAccessible(page);

  const comment = `Clear and practical <script>window.hacked=1</script> ${crypto.randomBytes(3).toString("hex")}`;
  await form.getByLabel("5 – Very good").check();
  await page.getByLabel("Comment (optional)").fill(comment);
  await page.getByRole("button", { name: "Send your rating" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${CERT_MODULE}/rate\\?thanks=1$`));
  await expect(page.getByText("Thank you for your rating.")).toBeVisible();
  await expect(page.getByText(`You rated ${CERT_MODULE_TITLE} 5 out of 6.`)).toBeVisible();
  await expect(page.getByLabel("5 – Very good")).toBeChecked();
  await expectAccessible(page);

  // Changing the rating updates it (one rating per learner).
  await page.getByLabel("6 – Excellent").check();
  await page.getByRole("button", { name: "Update your rating" }).click();
  await expect(page.getByText(`You rated ${CERT_MODULE_TITLE} 6 out of 6.`)).toBeVisible();
  await page.goto("/learning");
  await expect(page.getByRole("link", { name: /Your rating: 6 out of 6\. Change it/ })).toBeVisible();
  await expectAccessible(page);

  // The administrator sees feedback on courses/ modules, without the learner's name; the comment is text.
  const admin = await (await browser.newContext()).newPage();
  await signInAs(admin, DEMO.admin);
  await admin.goto("/admin");
  const feedback = admin.getByRole("region", { name: `Feedback on ${CERT_MODULE_TITLE}` });
  await expect(feedback.getByText(/\d\.\d out of 6 from \d+ ratings?/)).toBeVisible();
  await expect(feedback.getByText(comment)).toBeVisible();
  await expect(feedback.getByText(/Rosa Rater/)).toHaveCount(0);
  expect(await admin.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
  await expectAccessible(admin);

  // The author dashboard has the rating column and passes axe.
  const author = await (await browser.newContext()).newPage();
  await signInAs(author, DEMO.author);
  await author.goto("/author");
  await expect(author.getByRole("heading", { name: "Authoring" })).toBeVisible();
  await expectAccessible(author);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the rating form works as a plain form: errors keep what was typed, then thanks", async ({ page }) => {
    await createAccount(page);
    await completeModule(page);
    await expect(page.getByRole("heading", { name: "Rate this module" })).toBeVisible();

    // No score chosen: the server answers with an error summary and keeps the comment.
    await page.getByLabel("Comment (optional)").fill("Worth the time");
    await page.getByRole("button", { name: "Send your rating" }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${CERT_MODULE}/rate$`));
    await expect(page.getByRole("alert").getByText("Choose a rating from 1 to 6")).toBeVisible();
    await expect(page.getByLabel("Comment (optional)")).toHaveValue("Worth the time");

    await page.getByLabel("4 – Good").check();
    await page.getByRole("button", { name: "Send your rating" }).click();
    await expect(page.getByText("Thank you for your rating.")).toBeVisible();
    await expect(page.getByText(`You rated ${CERT_MODULE_TITLE} 4 out of 6.`)).toBeVisible();
    await expect(page.getByLabel("Comment (optional)")).toHaveValue("Worth the time");
  });
});
