import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { createEvent, daysFromNow } from "../factories/events.ts";
import { expectAccessible } from "./support.ts";

/**
 * Live events (issue 15, first slice): finding an event by key stage, its page, and the module page
 * that links to it. Events are published directly through the real loader and publisher with dates
 * relative to today (tests/factories/events.ts); the example programme under events/ is published
 * when the server starts.
 */
const MODULE = { id: "programming-pedagogy", title: "Introduction to programming pedagogy for IT professionals" };

test("find an event by key stage, read its page, and reach it from a linked module", async ({ page }) => {
  const id = await createEvent({
    title: "Early reading and algorithms in EYFS and KS1",
    keyStages: ["KS1"],
    format: "hybrid",
    venue: { name: "Riverside Library", address: "2 Mill Lane, Riverside", accessibility: "Step-free access and a hearing loop." },
    partners: [{ name: "A children's book charity (example partner)" }],
    facilitators: [{ name: "Jo Bell", role: "Early years lead", fictional: true }],
    sessions: [
      { id: "part-1", title: "Stories as algorithms", date: daysFromNow(9), start: "16:00", end: "17:30" },
      { id: "part-2", date: daysFromNow(16), start: "16:00", end: "17:30" },
    ],
    modules: { prepare: [MODULE.id] },
  });
  const title = "Early reading and algorithms in EYFS and KS1";

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Live events" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Live events" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/^Showing all \d+ upcoming events?\.$/);
  await expectAccessible(page);

  await page.getByRole("checkbox", { name: "KS1" }).check();
  await page.getByRole("checkbox", { name: "In person and online" }).check();
  await page.getByRole("button", { name: "Show events" }).click();
  await expect(page).toHaveURL(/keyStage=KS1/);
  await expect(page.getByRole("status")).toHaveText(/^\d+ upcoming events? match(es)? your filters\.$/);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title }) });
  await expect(card).toContainText("Stories as algorithms");
  await expect(card).toContainText("In person and online");
  await expectAccessible(page);

  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(`/events/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await expect(page.getByText("Step-free access and a hearing loop.")).toBeVisible();
  await expect(page.getByText("Jo Bell (fictional), Early years lead")).toBeVisible();
  await expect(page.getByText(/The joining link is sent to people who have booked/)).toBeVisible();
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add these dates to your calendar (.ics file)" }).click();
  const calendar = await download;
  expect(calendar.suggestedFilename()).toBe(`${id}.ics`);
  const ics = fs.readFileSync((await calendar.path())!, "utf8");
  expect(ics).toContain("BEGIN:VTIMEZONE");
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  expect(ics).toContain(`UID:${id}.part-1@`);

  await page.getByRole("link", { name: MODULE.title }).click();
  await expect(page).toHaveURL(`/courses/${MODULE.id}`);
  const linked = page.getByRole("region", { name: "Live events that go with this module" });
  await expect(linked.getByRole("link", { name: title })).toBeVisible();
  await expect(linked).toContainText("Take this module before it.");
  await expectAccessible(page);

  // An unknown event is a 404 page, not an error.
  const missing = await page.goto("/events/no-such-event");
  expect(missing?.status()).toBe(404);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the event filters are a plain form", async ({ page }) => {
    const id = await createEvent({ title: "Assessing programming in KS5", keyStages: ["KS5"], audience: ["secondary-computing-teachers"] });
    await page.goto("/events");
    await page.getByRole("checkbox", { name: "KS5" }).check();
    await page.getByRole("button", { name: "Show events" }).click();
    await expect(page).toHaveURL(/keyStage=KS5/);
    await expect(page.getByRole("link", { name: "Assessing programming in KS5" })).toHaveAttribute("href", `/events/${id}`);
    await expect(page.getByRole("checkbox", { name: "KS5" })).toBeChecked();
    // Nonsense in the address is ignored, never an error.
    const odd = await page.goto("/events?keyStage=%25&month=2027-13&format=teleport");
    expect(odd?.status()).toBe(200);
  });
});
