import path from "node:path";
import { expect, test } from "@playwright/test";
import { createUser } from "../factories/users.ts";
import { prisma } from "~/utils/db.server.ts";
import { expectAccessible, newPageAs, uniqueId } from "./support.ts";

/**
 * Schools from GIAS (issue 16, docs/decisions/0061): an admin imports the synthetic extract the
 * project ships, watches it finish (the page refreshes itself), finds a school and matches an
 * organisation to its URN. axe on each page.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/gias");

test("an admin imports the GIAS files, sees the progress, and matches an organisation to its school; a leader picks their own", async ({
  browser,
}) => {
  const name = `Riverside Primary Academy (${uniqueId("e2e")})`;
  await prisma.organisation.create({ data: { name, type: "primary-school" } });
  const page = await newPageAs(browser, await createUser({ roles: ["admin"] }));
  await page.goto("/admin");
  await page.getByRole("link", { name: /Schools \(GIAS\)/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Schools (GIAS)" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Establishments file").setInputFiles(path.join(FIXTURES, "edubasealldata.csv"));
  await page.getByLabel("Links file (optional)").setInputFiles(path.join(FIXTURES, "links.csv"));
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Importing schools" })).toBeVisible();
  await expect(page.getByRole("status").getByText("Import finished.", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("9 schools and 5 links.")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveAttribute("value", "9");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Schools (GIAS)" }).click();
  await page.getByLabel("Find a school").fill("riverside");
  await page.getByRole("button", { name: "Search" }).click();
  const found = page.getByRole("table", { name: "Schools matching “riverside”" });
  await expect(found.getByRole("row", { name: /990101/ })).toContainText("Riverside Primary Academy");
  await expectAccessible(page);

  const row = page.getByRole("row", { name: new RegExp(name.replace(/[()]/g, "\\$&")) });
  await row.getByRole("textbox").fill("990101");
  await row.getByRole("button", { name: /Match/ }).click();
  await expect(page.getByRole("status").getByText("Organisation matched.", { exact: true })).toBeVisible();
  expect((await prisma.organisation.findFirstOrThrow({ where: { name } })).urn).toBe(990101);

  // A leader picks their own school from the search, without knowing its URN.
  const leader = await createUser({ roles: ["leader"] });
  const school = await prisma.organisation.create({ data: { name: `Hillcrest (${uniqueId("e2e")})`, type: "secondary-school" } });
  await prisma.membership.create({ data: { userId: leader.id, organisationId: school.id, role: "leader" } });
  const leaderPage = await newPageAs(browser, leader);
  await leaderPage.goto(`/organisations/${school.id}`);
  await leaderPage.getByRole("link", { name: "Your school in Get Information About Schools" }).click();
  await leaderPage.getByLabel("Find your school").fill("EB2 2BB");
  await leaderPage.getByRole("button", { name: "Search" }).click();
  await leaderPage.getByLabel(/Hillcrest High School/).check();
  await expectAccessible(leaderPage);
  await leaderPage.getByRole("button", { name: "This is our school" }).click();
  await expect(leaderPage.getByText("Matched to Hillcrest High School")).toBeVisible();
  await expectAccessible(leaderPage);
});
