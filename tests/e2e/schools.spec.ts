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

test("an admin imports the GIAS files, sees the progress, and matches an organisation to its school", async ({ browser }) => {
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
});
