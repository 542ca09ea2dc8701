/**
 * Confirmed addresses, and changing name and address (issue 12; ADR 0031), with every email read
 * from the real SMTP server the run started.
 */
import { expect, test } from "@playwright/test";
import { CERT_ACTIVITIES, CERT_MODULE, CERT_MODULE_TITLE, earnCertificate } from "./certificate-helpers.ts";
import { confirmationLinkFor, createAccount, expectAccessible, latestEmailTo, signIn, signUp, uniqueEmail } from "./support.ts";

test("an unconfirmed learner completes a module, is told why there is no certificate, confirms, and gets it", async ({ page }) => {
  test.slow();
  const account = await signUp(page, { name: "Jo Fictional-Bright", confirm: false });
  await expectAccessible(page); // the check-email page
  await signIn(page, account);

  await page.goto(`/courses/${CERT_MODULE}`);
  await page.getByRole("button", { name: "Enrol" }).click();
  await page.waitForURL(new RegExp(`/courses/${CERT_MODULE}/learn`)); // enrolled (navigating away sooner would cancel it)
  for (const [i, id] of CERT_ACTIVITIES.entries()) {
    await page.goto(`/courses/${CERT_MODULE}/learn/${id}`);
    await page.getByRole("button", { name: "Mark as complete" }).click();
    if (i < CERT_ACTIVITIES.length - 1) await expect(page.getByText("You have completed this activity.")).toBeVisible();
  }
  // The completion page says why there is no certificate yet.
  await expect(page.getByRole("heading", { level: 1, name: `You have completed ${CERT_MODULE_TITLE}` })).toBeVisible();
  await expect(page.getByText("Confirm your email address to receive your certificate.")).toBeVisible();
  await expect(page.getByRole("link", { name: "View certificate", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Get your certificate" })).toHaveCount(0);
  await expectAccessible(page);

  // Asking for it anyway (My learning's form, posted by hand) gets the same reason and a way out.
  const refused = await page.request.post("/certificates?index", {
    form: { moduleId: CERT_MODULE },
    headers: { Origin: new URL(page.url()).origin },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(403);

  await page.goto("/learning");
  await expect(page.getByText("Confirm your email address to receive your certificate.")).toBeVisible();
  await page.getByRole("button", { name: "Send the link again" }).first().click();
  await expect(page.getByText(`We have sent a new link to ${account.email}.`)).toBeVisible();
  await expectAccessible(page);

  await page.goto(await confirmationLinkFor(account.email));
  await expect(page.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByText(`Your email address ${account.email} is confirmed.`)).toBeVisible();

  await page.goto("/learning");
  await page.getByRole("button", { name: `Get your certificate for ${CERT_MODULE_TITLE}` }).click();
  await expect(page).toHaveURL(/\/certificates\/[^/]+$/);
  await expect(page.getByText("Jo Fictional-Bright").first()).toBeVisible();
});

test("a teacher changes name (reissuing a certificate) and email address; the old reference says what replaced it", async ({
  page,
  baseURL,
}) => {
  test.slow();
  const account = await createAccount(page, { name: "Kit Fictional-Marsh" });
  const oldId = await earnCertificate(page, baseURL!);

  await page.goto("/account");
  await expectAccessible(page);
  await page.getByLabel("Full name").fill("Kit Fictional-Harbour");
  await page.getByRole("button", { name: "Change name" }).click();
  await expect(page.getByText("Your name is now Kit Fictional-Harbour.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Certificates under your previous name" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Reissue under Kit Fictional-Harbour" }).click();
  await expect(page.getByText("Your certificate has been issued again under your new name.")).toBeVisible();

  await page.goto("/certificates");
  await page.getByRole("link", { name: CERT_MODULE_TITLE }).click();
  await expect(page).toHaveURL(/\/certificates\/[^/]+$/);
  const newId = page.url().split("/").pop()!;
  expect(newId).not.toBe(oldId);
  await expect(page.getByText("Kit Fictional-Harbour").first()).toBeVisible();

  await page.goto(`/verify/${oldId}`);
  await expect(page.getByText(`Replaced by ${newId}`)).toBeVisible();
  await expect(page.getByText("Kit Fictional-Marsh").first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /see the certificate that replaced it/ }).click();
  await expect(page).toHaveURL(new RegExp(`/verify/${newId}$`));
  await expect(page.getByText("Kit Fictional-Harbour").first()).toBeVisible();

  // A new address: nothing changes until the link sent to it is used.
  const newEmail = uniqueEmail("kit-new");
  await page.goto("/account");
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByLabel("Your password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Change email address" }).click();
  await expect(page.getByText(`We have sent a link to ${newEmail}.`)).toBeVisible();
  await expect(page.getByText(`You sign in with ${account.email}`)).toBeVisible();
  const notice = await latestEmailTo(account.email, { subject: "Your Pathways email address is being changed" });
  expect(notice.subject).toBe("Your Pathways email address is being changed");
  expect(notice.text).not.toMatch(/https?:\/\//);

  await page.goto(await confirmationLinkFor(newEmail));
  await expect(page.getByRole("heading", { name: "Confirm your new email address" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Use this address" }).click();
  await expect(page.getByText(`You sign in with ${newEmail}`)).toBeVisible();

  await page.getByRole("button", { name: /Sign out/ }).click();
  await signIn(page, { email: newEmail, password: account.password });
});

test("a confirmation link opened while signed in to another account is refused and stays usable", async ({ page }) => {
  const first = await signUp(page, { confirm: false });
  const link = await confirmationLinkFor(first.email);
  await createAccount(page); // a second account, confirmed and signed in on this browser
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Signed in to a different account" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: /Sign out/ }).click();
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByText(`Your email address ${first.email} is confirmed.`)).toBeVisible();
});
