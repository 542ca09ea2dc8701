import { expect, test } from "@playwright/test";
import { createUser } from "../factories/users.ts";
import { askClassroomFollowUps } from "~/modules/followups/follow-ups.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { expectAccessible, latestEmailTo, newPageAs } from "./support.ts";

/**
 * "Did it change your classroom?" (issue 16, docs/decisions/0062): six weeks after completing a
 * module, a teacher is emailed and sees the question on My learning, answers it without JavaScript
 * (a mistake is pointed out and nothing typed is lost), and can change the answers later. axe on
 * the page.
 */
test("a teacher is asked whether a module changed their classroom, and answers", async ({ browser }) => {
  const teacher = await createUser({ name: "Nia Evans" });
  await prisma.enrolment.create({
    data: {
      userId: teacher.id,
      moduleId: "code-like-a-pro-scratch",
      enrolledAt: new Date(Date.now() - 60 * 86_400_000),
      completedAt: new Date(Date.now() - 43 * 86_400_000),
    },
  });
  await askClassroomFollowUps();
  const email = await latestEmailTo(teacher.email, {
    subject: 'Did "Code Like a Pro – Scratch for future software developers" change your classroom?',
  });
  expect(email.text).toContain("never about a pupil by name");

  const withScripts = await newPageAs(browser, teacher);
  await withScripts.goto("/learning");
  await withScripts.getByRole("link", { name: "Tell us about Code Like a Pro – Scratch for future software developers" }).click();
  await expect(
    withScripts.getByRole("heading", {
      level: 1,
      name: "Did Code Like a Pro – Scratch for future software developers change your classroom?",
    }),
  ).toBeVisible();
  await expectAccessible(withScripts);

  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await withScripts.context().storageState() });
  const page = await context.newPage();
  await page.goto(withScripts.url());
  await page.getByLabel("Yes, with learners").check();
  await page.getByLabel("With how many learners, roughly? (optional)").fill("28");
  await page.getByRole("group", { name: "At which key stages? (optional)" }).getByLabel("KS2").check();
  await page.getByLabel("Of those learners, how many were girls? (optional)").fill("40");
  await page.getByLabel("What changed? (optional)").fill("Pupils plan their Scratch projects on paper first, then debug in pairs.");
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(
    page.getByRole("alert").getByRole("link", { name: "The number of girls cannot be more than the number of learners." }),
  ).toBeVisible();
  await expect(page.getByLabel("What changed? (optional)")).toHaveValue(
    "Pupils plan their Scratch projects on paper first, then debug in pairs.",
  );
  await page.getByLabel("Of those learners, how many were girls? (optional)").fill("13");
  await page.getByRole("button", { name: "Send my answers" }).click();
  await expect(page.getByRole("status").getByText("Thank you.", { exact: true })).toBeVisible();
  await expect(page.getByLabel("With how many learners, roughly? (optional)")).toHaveValue("28");
  await context.close();

  await withScripts.goto("/learning");
  await expect(
    withScripts.getByRole("link", { name: "Tell us about Code Like a Pro – Scratch for future software developers" }),
  ).toHaveCount(0);
  await expectAccessible(withScripts);
});
