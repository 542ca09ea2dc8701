import { expect, test } from "@playwright/test";
import { createEvent } from "../factories/events.ts";
import { createUser } from "../factories/users.ts";
import { bookPlace } from "~/modules/events/bookings.server.ts";
import { londonIsoDate } from "~/utils/dates.ts";
import { prisma } from "~/utils/db.server.ts";
import { appOrigin, createAccount, expectAccessible, newPageAs, signInAs } from "./support.ts";

/**
 * On the day (issue 15, docs/decisions/0057): the organiser shows the check-in code and QR code,
 * one attendee checks in from the event page, another opens the QR code's link in a browser
 * without JavaScript, and the organiser takes the register on a phone-sized screen without
 * JavaScript, where self check-ins are already marked.
 */
const TITLE = "Unplugged computing in KS1: a twilight workshop";

/** A session under way now, in London time (or all of today, near midnight). */
function sessionNow() {
  const parts = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Europe/London",
  }).formatToParts(new Date());
  const minutes = Number(parts.find((p) => p.type === "hour")!.value) * 60 + Number(parts.find((p) => p.type === "minute")!.value);
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const date = londonIsoDate(new Date());
  if (minutes < 20 || minutes > 22 * 60) return { id: "workshop", date, start: "00:00", end: "23:59" };
  return { id: "workshop", date, start: hhmm(minutes - 10), end: hhmm(Math.min(minutes + 80, 23 * 60 + 59)) };
}

test("attendees check themselves in with the code or its QR link, and the organiser takes the register without JavaScript", async ({
  browser,
  page,
}) => {
  const eventId = await createEvent({ title: TITLE, keyStages: ["KS1"], capacity: 10, sessions: [sessionNow()] });
  // Booked in advance (booking closes when the session starts).
  const yesterday = new Date(Date.now() - 86_400_000);
  const alex = await createAccount(page, { name: "Alex Green" });
  const ben = await createUser({ name: "Ben Okafor" });
  const cara = await createUser({ name: "Cara Lewis" });
  for (const email of [alex.email, ben.email, cara.email]) {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    await bookPlace({ userId: user.id, eventId, form: {}, origin: appOrigin(), now: yesterday });
  }

  // The organiser opens the register: the code to show, and its QR code.
  const organiser = await createUser({ roles: ["organiser"] });
  const organiserPage = await newPageAs(browser, organiser);
  await organiserPage.goto(`/organise/events/${eventId}`);
  await organiserPage.getByRole("link", { name: "Take the register and show the check-in code" }).click();
  await expect(organiserPage.getByRole("heading", { level: 1, name: `Register: ${TITLE}` })).toBeVisible();
  await expect(organiserPage.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expect(organiserPage.getByText("Check-in is open now")).toBeVisible();
  await expectAccessible(organiserPage);
  const code = (await prisma.eventSession.findFirstOrThrow({ where: { eventId } })).checkInCode!;
  await expect(organiserPage.getByLabel(/^Check-in code:/)).toHaveText(code);

  // Alex checks in from the event page, typing the code in lower case.
  await page.goto(`/events/${eventId}`);
  await page.getByRole("link", { name: "Check in to today's session" }).click();
  await page.getByRole("textbox", { name: "Check-in code" }).fill(code.toLowerCase());
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("status").getByText("You are checked in.", { exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/: (present|late)/);
  await expectAccessible(page);

  // Ben scans the QR code: its link opens the check-in page with the code filled in (no JavaScript).
  const benContext = await browser.newContext({ javaScriptEnabled: false });
  const benPage = await benContext.newPage();
  await signInAs(benPage, ben);
  await benPage.goto(`/events/${eventId}/check-in?code=${code}`);
  await expect(benPage.getByRole("textbox", { name: "Check-in code" })).toHaveValue(code);
  await benPage.getByRole("button", { name: "Check in" }).click();
  await expect(benPage.getByText("You are checked in.", { exact: true })).toBeVisible();

  // The register on a phone, without JavaScript: Alex and Ben are marked; Cara did not come.
  const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const registerPage = await phone.newPage();
  await signInAs(registerPage, organiser);
  await registerPage.goto(`/organise/events/${eventId}/register`);
  const row = (name: string) => registerPage.getByRole("group", { name: new RegExp(name) });
  await expect(row("Alex Green")).toContainText("checked in themselves");
  await expect(
    row("Ben Okafor")
      .getByRole("radio", { name: /Present|Late/ })
      .first(),
  ).toBeVisible();
  expect(await row("Ben Okafor").getByRole("radio", { checked: true }).count()).toBe(1);
  await row("Ben Okafor").getByRole("radio", { name: "Left early" }).check();
  await row("Cara Lewis").getByRole("radio", { name: "Absent" }).check();
  await registerPage.getByRole("button", { name: "Save the register" }).click();
  await expect(registerPage.getByText("Register saved.")).toBeVisible();
  await expect(row("Ben Okafor").getByRole("radio", { name: "Left early" })).toBeChecked();
  await expect(row("Cara Lewis").getByRole("radio", { name: "Absent" })).toBeChecked();
  await organiserPage.reload();
  await expectAccessible(organiserPage);
  await benContext.close();
  await phone.close();
});

test("a register completed after the event gives CPD hours and a certificate of attendance; the attendee's feedback reaches the organiser's figures", async ({
  browser,
  page,
}) => {
  const title = "Assessment and feedback with technology: a primary forum";
  const eventId = await createEvent({
    title,
    cpdHours: 2,
    keyStages: ["KS1", "KS2"],
    sessions: [{ id: "forum", date: londonIsoDate(new Date(Date.now() - 2 * 86_400_000)), start: "09:30", end: "11:30" }],
  });
  const teacher = await createAccount(page, { name: "Nia Roberts" });
  const absent = await createUser({ name: "Owen Price" });
  const user = await prisma.user.findUniqueOrThrow({ where: { email: teacher.email.toLowerCase() } });
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  await bookPlace({ userId: user.id, eventId, form: {}, origin: appOrigin(), now: weekAgo });
  await bookPlace({ userId: absent.id, eventId, form: {}, origin: appOrigin(), now: weekAgo });

  const organiser = await createUser({ roles: ["organiser"] });
  const organiserPage = await newPageAs(browser, organiser);
  await organiserPage.goto(`/organise/events/${eventId}/register`);
  await expect(organiserPage.getByText("Check-in is closed now")).toBeVisible();
  await organiserPage
    .getByRole("group", { name: /Nia Roberts/ })
    .getByRole("radio", { name: "Present" })
    .check();
  await organiserPage
    .getByRole("group", { name: /Owen Price/ })
    .getByRole("radio", { name: "Absent" })
    .check();
  await organiserPage.getByRole("button", { name: "Save the register" }).click();
  await expect(organiserPage.getByRole("status").getByText("Register saved.", { exact: true })).toBeVisible();

  await page.goto("/learning");
  const attended = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: title, exact: true }) })
    .filter({ hasText: "hours of CPD" });
  await expect(attended).toContainText("2 hours of CPD");
  await expect(page.getByText(/This academic year \(\d{4}\/\d{2}\): 2 hours/)).toBeVisible();
  await expectAccessible(page);
  await attended.getByRole("link", { name: /Certificate of attendance/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "2 hours" })).toBeVisible();
  await expect(page.getByText("Last attended on")).toBeVisible();
  await expectAccessible(page);

  const certificate = await prisma.certificate.findFirstOrThrow({ where: { userId: user.id, moduleId: `event:${eventId}` } });
  const verifier = await (await browser.newContext()).newPage();
  await verifier.goto(`/verify/${certificate.id}`);
  await expect(verifier.getByRole("heading", { level: 1 })).toContainText(/valid/i);
  await expect(verifier.getByText(title).first()).toBeVisible();
  await expectAccessible(verifier);
  expect(await prisma.certificate.count({ where: { userId: absent.id } })).toBe(0);

  // Feedback out of 6, from My learning, with consent to be quoted by role.
  await page.goto("/learning");
  await page.getByRole("link", { name: `Give feedback on ${title}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your feedback" })).toBeVisible();
  await page.getByRole("button", { name: "Send your feedback" }).click();
  await expect(page.getByRole("group", { name: /How would you rate/ })).toContainText("Choose a rating from 1 to 6.");
  await page.getByRole("radio", { name: "6 – Excellent" }).check();
  await page
    .getByLabel("What will you do differently in your teaching? (optional)")
    .fill("Use hinge questions with mini whiteboards every lesson.");
  await page
    .getByLabel("What difference do you expect it to make to your learners? (optional)")
    .fill("Misconceptions about loops picked up in the lesson rather than in the end-of-unit test.");
  await page.getByRole("radio", { name: /with my role only/ }).check();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Send your feedback" }).click();
  await expect(page.getByRole("status").getByText("Thank you for your feedback.", { exact: true })).toBeVisible();
  await expectAccessible(page);

  await organiserPage.goto(`/organise/events/${eventId}`);
  const figures = organiserPage.getByRole("region", { name: "Feedback" });
  await expect(figures.getByRole("definition").nth(0)).toHaveText("1");
  await expect(figures.getByRole("definition").nth(1)).toHaveText("6.00 out of 6");
  await expect(figures.getByRole("table", { name: "Ratings, 1 to 6" }).getByRole("row", { name: /6 – Excellent/ })).toContainText("1");
  await expect(figures.getByRole("figure")).toContainText("Misconceptions about loops");
  await expect(figures.getByRole("figure")).toContainText("Class or subject teacher");
  await expect(figures).not.toContainText("Nia Roberts");
  await expectAccessible(organiserPage);
  await organiserPage.goto("/organise");
  await expect(organiserPage.getByText(/out of 6: the mean of \d+ responses? from \d+ events?/)).toBeVisible();
});
