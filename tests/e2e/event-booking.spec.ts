import { expect, test } from "@playwright/test";
import ICAL from "ical.js";
import { eventFields, createEvent, daysFromNow } from "../factories/events.ts";
import { createUser } from "../factories/users.ts";
import type { ReceivedEmail } from "../setup/mail-server.ts";
import { createAccount, expectAccessible, latestEmailTo, newPageAs, signInAs } from "./support.ts";

/**
 * Booking a live event (issue 15, docs/decisions/0056): a teacher finds an event by key stage and
 * books the last place, gets the email with a calendar invitation, an organiser moves the session in
 * the browser (an update is sent), a second teacher, without JavaScript, joins the waiting list and gets the
 * place when the first cancels; the organiser sees who is coming. The emails arrive at the run's
 * real SMTP server and their invitations are read with ical.js.
 */
const TITLE = "Teaching data representation at KS3";

function invitation(email: ReceivedEmail) {
  const part = email.calendars.find((c) => /method=/i.test(c.contentType));
  expect(part, `a calendar invitation in "${email.subject}"`).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(part!.content));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const [event] = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  return {
    method: calendar.getFirstPropertyValue("method"),
    uid: event!.uid,
    sequence: event!.sequence,
    start: event!.startDate.toString(),
  };
}

test("book the last place, follow a change of time, and pass the place to the waiting list on cancelling", async ({ browser, page }) => {
  const fields = eventFields({
    title: TITLE,
    summary: "Binary, images and sound: how to teach the ideas behind the GCSE content so they stick.",
    audience: ["secondary-computing-teachers"],
    keyStages: ["KS3"],
    format: "in-person",
    online: undefined,
    venue: {
      name: "Northgate City Learning Centre",
      address: "4 Canal Street",
      accessibility: "Step-free throughout; hearing loop in the main room.",
    },
    capacity: 1,
    sessions: [{ id: "workshop", date: daysFromNow(12), start: "16:00", end: "17:30" }],
  });
  const eventId = await createEvent(fields);

  // A teacher finds it by key stage and books the one place, with an access need.
  const first = await createAccount(page, { name: "Priya Patel" });
  await page.goto("/events");
  await page.getByRole("checkbox", { name: "KS3" }).check();
  await page.getByRole("button", { name: "Show events" }).click();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: TITLE }) });
  await expect(card).toContainText("1 place left");
  await card.getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: "Book a place" })).toBeVisible();
  await expect(page.getByText("1 place left.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Access needs (optional)").fill("I need a seat near the hearing loop.");
  await page.getByLabel("Dietary requirements (optional)").fill("Vegetarian");
  await page.getByRole("button", { name: "Book a place" }).click();
  await expect(page.getByRole("status").getByText("Your place is booked.", { exact: true })).toBeVisible();
  await expect(page.getByText("I need a seat near the hearing loop.")).toBeVisible();
  await expect(page.getByText("Full – join the waiting list (of 1)")).toBeVisible();
  await expectAccessible(page);

  const booked = await latestEmailTo(first.email, { subject: `Your place is booked: ${TITLE}` });
  expect(booked.text).toContain("Northgate City Learning Centre, 4 Canal Street");
  const bookedInvite = invitation(booked);
  expect(bookedInvite).toMatchObject({ method: "REQUEST", sequence: 0, start: `${daysFromNow(12)}T16:00:00` });

  // An organiser moves the session a day later and half an hour earlier, in the browser: an update follows.
  const organiser = await createUser({ roles: ["organiser"] });
  const organiserPage = await newPageAs(browser, organiser);
  await organiserPage.goto(`/organise/events/${eventId}`);
  await organiserPage.getByRole("link", { name: "Change the event's details" }).click();
  await expect(organiserPage.getByRole("heading", { level: 1, name: `Change ${TITLE}` })).toBeVisible();
  await expectAccessible(organiserPage);
  const session = organiserPage.getByRole("group", { name: "Session 1" });
  await session.getByLabel("Date").fill(daysFromNow(13));
  await session.getByLabel("Starts").fill("15:30");
  await session.getByLabel("Ends").fill("17:00");
  await organiserPage.getByRole("button", { name: "Save changes" }).click();
  await expect(organiserPage.getByRole("status").getByText("Changes saved.", { exact: true })).toBeVisible();
  const update = invitation(await latestEmailTo(first.email, { subject: `Changed: ${TITLE}` }));
  expect(update).toMatchObject({ method: "REQUEST", uid: bookedInvite.uid, sequence: 1, start: `${daysFromNow(13)}T15:30:00` });

  // A second teacher, without JavaScript, finds it full and joins the waiting list.
  const second = await browser.newContext({ javaScriptEnabled: false });
  const secondPage = await second.newPage();
  const sam = await createAccount(secondPage, { name: "Sam Shah" });
  await secondPage.goto(`/events/${eventId}`);
  await expect(secondPage.getByText("Full – join the waiting list.")).toBeVisible();
  await secondPage.getByRole("button", { name: "Join the waiting list" }).click();
  await expect(secondPage.getByRole("status").getByText("You are on the waiting list.", { exact: true })).toBeVisible();
  await expect(secondPage.getByText("You are number 1 on the waiting list.")).toBeVisible();
  await latestEmailTo(sam.email, { subject: `You are on the waiting list: ${TITLE}` });

  // The first teacher cancels: their calendar entry is cancelled and the place goes to Sam.
  await page.reload();
  await page.getByRole("button", { name: "Cancel my booking" }).click();
  await expect(page.getByRole("status").getByText("Your booking is cancelled.", { exact: true })).toBeVisible();
  const cancelled = invitation(await latestEmailTo(first.email, { subject: `Booking cancelled: ${TITLE}` }));
  expect(cancelled).toMatchObject({ method: "CANCEL", uid: bookedInvite.uid });
  expect(cancelled.sequence).toBeGreaterThan(update.sequence);

  const promoted = await latestEmailTo(sam.email, { subject: `A place has come up for you: ${TITLE}` });
  expect(invitation(promoted)).toMatchObject({ method: "REQUEST", start: `${daysFromNow(13)}T15:30:00` });
  await secondPage.goto("/learning");
  const booking = secondPage.getByRole("listitem").filter({ has: secondPage.getByRole("link", { name: TITLE }) });
  await expect(booking).toContainText("You have a place.");
  // axe needs JavaScript: the same page, checked in a browser that has it.
  const samWithScripts = await newPageAs(browser, sam);
  await samWithScripts.goto("/learning");
  await expect(samWithScripts.getByRole("heading", { name: "Your live events" })).toBeVisible();
  await expectAccessible(samWithScripts);

  // The organiser sees who is coming, with what they asked for, and nobody waiting.
  await organiserPage.goto("/");
  await organiserPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organise events" }).click();
  await expect(organiserPage.getByRole("heading", { level: 1, name: "Organise events" })).toBeVisible();
  await expectAccessible(organiserPage);
  await organiserPage.getByRole("link", { name: TITLE }).click();
  const places = organiserPage.getByRole("table", { name: "People with a place" });
  await expect(places.getByRole("row")).toHaveCount(2);
  await expect(places).toContainText("Sam Shah");
  await expect(organiserPage.getByRole("table", { name: "Waiting list, in order" })).toHaveCount(0);
  await expectAccessible(organiserPage);
  await second.close();
});

test("an organiser gives an online event its joining link, which reaches only the person booked, then cancels the event", async ({
  browser,
  page,
}) => {
  const eventId = await createEvent({ title: "Python for KS3 beginners: an online twilight", keyStages: ["KS3"], capacity: 5 });
  const teacher = await createAccount(page, { name: "Jo Morgan" });
  await page.goto(`/events/${eventId}`);
  await page.getByRole("button", { name: "Book a place" }).click();
  await expect(page.getByText("The joining link for Microsoft Teams will be here and in your email before the event.")).toBeVisible();

  const organiser = await createUser({ roles: ["organiser"] });
  const organiserPage = await newPageAs(browser, organiser);
  await organiserPage.goto(`/organise/events/${eventId}`);
  await organiserPage.getByRole("textbox", { name: "Joining link" }).fill("http://teams.example/not-secure");
  await organiserPage.getByRole("button", { name: "Save the joining link" }).click();
  await expect(organiserPage.getByText("Enter the joining link as a full web address starting https://").first()).toBeVisible();
  await organiserPage.getByRole("textbox", { name: "Joining link" }).fill("https://teams.example/meet/ks3-python");
  await organiserPage.getByRole("button", { name: "Save the joining link" }).click();
  await expect(organiserPage.getByText("1 person with a place will be emailed it.")).toBeVisible();
  const linkEmail = await latestEmailTo(teacher.email, { subject: "Joining link: Python for KS3 beginners: an online twilight" });
  expect(linkEmail.text).toContain("https://teams.example/meet/ks3-python");
  await page.reload();
  await expect(page.getByRole("link", { name: "https://teams.example/meet/ks3-python" })).toBeVisible();

  await organiserPage.getByLabel("Why is it cancelled?").fill("Our facilitator is unwell. We will run it again in the summer term.");
  await organiserPage.getByRole("button", { name: "Cancel this event for everyone" }).click();
  await expect(organiserPage.getByRole("status").getByText("The event is cancelled.", { exact: true })).toBeVisible();
  await expectAccessible(organiserPage);
  const cancelled = await latestEmailTo(teacher.email, { subject: "Event cancelled: Python for KS3 beginners: an online twilight" });
  expect(cancelled.text).toContain("Our facilitator is unwell");
  expect(invitation(cancelled).method).toBe("CANCEL");
  await page.reload();
  await expect(page.getByRole("status").getByText("This event has been cancelled", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "https://teams.example/meet/ks3-python" })).toHaveCount(0);
});

test("an organiser creates an event in the browser without JavaScript, puts right what the page points out, and teachers find it", async ({
  browser,
}) => {
  const organiser = await createUser({ roles: ["organiser"] });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, organiser);
  await page.goto("/organise");
  await page.getByRole("link", { name: "Create an event" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New event" })).toBeVisible();

  const title = `Pair programming in KS4 lessons ${Date.now().toString(36)}`;
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Summary").fill("A practical twilight on structuring pair programming so that both pupils think, type and talk.");
  await page
    .getByLabel("Description (Markdown)")
    .fill("## What we will do\n\nTry three pair programming routines and plan how to use one with a GCSE class.");
  await page.getByLabel("Format").selectOption({ label: "In person" });
  await page.getByRole("group", { name: "Who it is for" }).getByLabel("Secondary computing teachers").check();
  await page.getByRole("group", { name: "Key stages" }).getByLabel("KS4").check();
  await page.getByLabel("Topics").fill("pair-programming, programming-pedagogy");
  await page.getByLabel("Places").fill("16");
  await page.getByLabel("CPD hours").fill("2");
  const session = page.getByRole("group", { name: "Session 1" });
  await session.getByLabel("Date").fill(daysFromNow(30));
  await session.getByLabel("Starts").fill("16:00");
  await session.getByLabel("Ends").fill("18:00");
  await page.getByRole("button", { name: "Publish the event" }).click();

  // In person needs a venue: the page says so, on the field, and keeps everything typed.
  await expect(page.getByRole("alert").getByRole("link", { name: /needs a venue/ })).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await expect(page.getByRole("group", { name: "Session 1" }).getByLabel("Starts")).toHaveValue("16:00");
  await page.getByLabel("Venue", { exact: true }).fill("Eastbrook School, Computing Suite 2");
  await page.getByLabel("Venue address").fill("12 Eastbrook Road");
  await page.getByLabel("Access at the venue").fill("Ground floor, step-free from the main entrance; accessible toilet opposite.");
  await page.getByRole("button", { name: "Publish the event" }).click();
  await expect(page.getByRole("status").getByText("The event is published.", { exact: true })).toBeVisible();

  // Teachers find it by key stage, with its places.
  const teacher = await newPageAs(browser);
  await teacher.goto("/events?keyStage=KS4");
  const card = teacher.getByRole("listitem").filter({ has: teacher.getByRole("link", { name: title }) });
  await expect(card).toContainText("16 places left");

  // The editor, with its errors showing, passes axe (which needs JavaScript).
  const withScripts = await newPageAs(browser, organiser);
  await withScripts.goto("/organise/events/new");
  await withScripts.getByRole("button", { name: "Publish the event" }).click();
  await expect(withScripts.getByRole("alert")).toBeVisible();
  await expectAccessible(withScripts);
  await context.close();
});
