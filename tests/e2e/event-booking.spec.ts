import { expect, test } from "@playwright/test";
import ICAL from "ical.js";
import { eventFields, createEvent, daysFromNow, eventSource } from "../factories/events.ts";
import { createUser } from "../factories/users.ts";
import type { ReceivedEmail } from "../setup/mail-server.ts";
import { loadEventSource } from "~/modules/events/load-events.server.ts";
import { publishEvent } from "~/modules/events/publish-events.server.ts";
import { createAccount, expectAccessible, latestEmailTo, newPageAs } from "./support.ts";

/**
 * Booking a live event (issue 15, docs/decisions/0056): a teacher finds an event by key stage and
 * books the last place, gets the email with a calendar invitation, the organisers move the session
 * (an update is sent), a second teacher, without JavaScript, joins the waiting list and gets the
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

  // The organisers move the session a day later and half an hour earlier: an update follows.
  const moved = await loadEventSource(
    `${eventId}.md`,
    eventSource({ ...fields, sessions: [{ id: "workshop", date: daysFromNow(13), start: "15:30", end: "17:00" }] }),
  );
  if (!moved.ok) throw new Error("the moved event was refused");
  await publishEvent(moved.event);
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
  const organiser = await createUser({ roles: ["organiser"] });
  const organiserPage = await newPageAs(browser, organiser);
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
