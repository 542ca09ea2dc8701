import { expect, test } from "@playwright/test";
import JSZip from "jszip";
import fs from "node:fs";
import { createUser } from "../factories/users.ts";
import { DEMO, expectAccessible, newPageAs, signIn } from "./support.ts";

/**
 * The impact report (issue 16, docs/decisions/0060): the demo funder signs in, finds the report,
 * narrows the period, downloads a table with its manifest; the filters work without JavaScript; an
 * admin sees the same report; a teacher does not see it at all. axe on each page.
 */
test("a funder reads the impact report, narrows it and downloads a table with its manifest", async ({ page }) => {
  await signIn(page, DEMO.funder);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Impact" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Impact report" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "In figures" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Educators reached, by activity" })).toBeVisible();
  // Each chart is an image named by its title and described by its figures, beside its table.
  const section = page.getByRole("region", { name: "Educators reached, by activity" });
  const chart = section.getByRole("img", { name: "Educators reached, by activity", exact: true });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAccessibleDescription(/^Bar chart of educators by activity\. Online courses only: (\d+|c \(not shown\)); /);
  await expect(section.getByRole("table")).toBeVisible();
  await expect(page.getByRole("img", { name: "Live events: ratings out of 6" })).toHaveAccessibleDescription(
    /Rating out of 6|rating out of 6/,
  );
  expect(await page.locator(".impact-chart svg").count()).toBe(4);
  await expectAccessible(page);

  await page.getByLabel("From", { exact: true }).fill("2026-01-01");
  await page.getByLabel("To", { exact: true }).fill("2026-12-31");
  await page.getByLabel("Key stage", { exact: true }).selectOption("KS3");
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page).toHaveURL(/from=2026-01-01&to=2026-12-31.*keyStage=KS3/);
  await expect(page.getByText("From 1 January 2026 to 31 December 2026.")).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Download “Certificates issued” as CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("pathways-impact-certificates-2026-01-01-to-2026-12-31.zip");
  const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
  const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as { filters: object; file: string };
  expect(manifest.filters).toEqual({ from: "2026-01-01", to: "2026-12-31", keyStage: "KS3" });
  expect(await zip.file(manifest.file)!.async("string")).toMatch(/^Kind,Certificates\r\n/);

  // A bad date gets a message beside the field, and no report.
  await page.getByLabel("From", { exact: true }).fill("2026-12-31");
  await page.getByLabel("To", { exact: true }).fill("2026-01-01");
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page.getByRole("alert").getByRole("link", { name: "The end date must not be before the start date." })).toBeVisible();
  await expectAccessible(page);
});

test("the report's filters work without JavaScript; an admin sees it and a teacher does not", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, DEMO.funder);
  await page.goto("/impact");
  await page.getByLabel("Live event", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "Show the report" }).click();
  await expect(page).toHaveURL(/event=/);
  await expect(page.getByRole("heading", { name: "Live events: places booked and attendance" })).toBeVisible();
  // The charts are drawn on the server: there without any script.
  await expect(page.getByRole("img", { name: "Educators reached, by activity" })).toBeVisible();
  await context.close();

  const admin = await newPageAs(browser, await createUser({ roles: ["admin"] }));
  await admin.goto("/");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Impact" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Impact report" })).toBeVisible();

  const teacher = await newPageAs(browser, await createUser());
  await teacher.goto("/");
  await expect(teacher.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Impact" })).toHaveCount(0);
  const refused = await teacher.goto("/impact");
  expect(refused?.status()).toBe(403);
});

test("an admin names a programme and its modules and events, and narrows the report to it", async ({ browser }) => {
  const admin = await newPageAs(browser, await createUser({ roles: ["admin"] }));
  await admin.goto("/admin");
  await admin.getByRole("link", { name: /^Programmes:/ }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Programmes" })).toBeVisible();
  await expectAccessible(admin);
  const name = `TechPathways London ${Date.now()}`;
  // A missing name is said beside the field, and the ticks stay.
  await admin.getByRole("checkbox", { name: /^Module: Code Like a Pro/ }).check();
  await admin.getByRole("button", { name: "Add the programme" }).click();
  await expect(admin.getByRole("alert")).toContainText("Give the programme a name.");
  await expect(admin.getByRole("checkbox", { name: /^Module: Code Like a Pro/ })).toBeChecked();
  await admin.getByLabel("Name", { exact: true }).fill(name);
  await admin.getByRole("button", { name: "Add the programme" }).click();
  await expect(admin.getByText(`${name} saved.`)).toBeVisible();
  await admin.getByRole("link", { name }).click();
  await expect(admin.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(admin.getByRole("checkbox", { name: /^Module: Code Like a Pro/ })).toBeChecked();
  await expectAccessible(admin);

  await admin.goto("/impact");
  await admin.getByLabel("Programme", { exact: true }).selectOption({ label: name });
  await admin.getByRole("button", { name: "Show the report" }).click();
  await expect(admin).toHaveURL(/programme=/);
  const modules = admin.getByRole("region", { name: "Online courses: enrolments and completions" });
  await expect(modules.getByRole("rowheader")).toHaveText([/^Code Like a Pro/, "All modules"]);
  await expect(admin.getByRole("region", { name: "Live events: places booked and attendance" }).getByRole("rowheader")).toHaveText([
    "All events",
  ]);
});
