import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import JSZip from "jszip";
import { prisma } from "~/utils/db.server.ts";
import { createUser } from "../factories/users.ts";
import { DEMO, expectAccessible, newPageAs, signIn } from "./support.ts";

/**
 * Evaluations (issue 16, docs/decisions/0064): an admin sets one up, puts schools in the arms (a
 * mistake is put right without losing what was typed), locks them and marks a school withdrawn; the
 * demo evaluator exports the pseudonymised zip and sees it logged; the export form works without
 * JavaScript. axe on each page. Schools are made directly (GIAS's import has its own journey).
 */
const tag = crypto.randomBytes(3).toString("hex");
const urnA = 7_000_000 + crypto.randomInt(0, 2_900_000);
const urnB = urnA + 1;
const region = `Journey region ${tag}`;

test.beforeAll(async () => {
  for (const [urn, name] of [
    [urnA, `Alder Academy ${tag}`],
    [urnB, `Beech School ${tag}`],
  ] as const)
    await prisma.school.create({
      data: {
        urn,
        name,
        laCode: "997",
        laName: "Journeyshire",
        region,
        phase: "Secondary",
        type: "Academy converter",
        status: "Open",
        postcode: "JJ1 1JJ",
        canonicalUrn: urn,
        searchText: name.toLowerCase(),
      },
    });
});

test("an admin sets up an evaluation and locks its arms; the evaluator exports pseudonymised data, logged", async ({ browser }) => {
  test.slow(); // two people, axe on every page
  const admin = await newPageAs(browser, await createUser({ roles: ["admin"] }));
  await admin.goto("/");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Evaluations" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Evaluations" })).toBeVisible();
  await expectAccessible(admin);

  const name = `Computing uptake ${tag}`;
  await admin.getByLabel("Name", { exact: true }).fill(name);
  await admin.getByLabel("What it sets out to find").fill("Whether taking part raises the share of girls choosing GCSE Computer Science.");
  await admin.getByLabel("Activity counted from").fill("2026-01-01");
  await admin.getByLabel("Activity counted until").fill("2026-07-31");
  await admin.getByLabel("How schools are put in their arms").selectOption("randomised");
  await admin.getByLabel("Comparison region (optional)").selectOption(region);
  await admin.getByRole("button", { name: "Set up the evaluation" }).click();
  await expect(admin.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(admin.getByText("Evaluation set up.")).toBeVisible();

  // A URN that is not one is refused with a message, and what was typed stays.
  const urns = admin.getByLabel("URNs");
  await urns.fill(`${urnA}\n12`);
  await admin.getByLabel("Arm", { exact: true }).selectOption("treatment");
  await admin.getByRole("button", { name: "Add to the arm" }).click();
  await expect(admin.getByRole("alert")).toContainText("These are not URNs (5 to 7 digits): 12. Nothing was added.");
  await expect(urns).toHaveValue(`${urnA}\n12`);
  await expectAccessible(admin);
  await urns.fill(String(urnA));
  await admin.getByRole("button", { name: "Add to the arm" }).click();
  await expect(admin.getByRole("status")).toContainText("1 school in the treatment arm.");
  await expect(urns).toHaveValue("");
  await urns.fill(String(urnB));
  await admin.getByLabel("Arm", { exact: true }).selectOption("control");
  await admin.getByRole("button", { name: "Add to the arm" }).click();
  await expect(admin.getByRole("status")).toContainText("1 school in the control arm.");
  const arms = admin.getByRole("region", { name: "Schools in the arms" });
  await expect(arms.getByRole("row", { name: new RegExp(`${urnA} Alder Academy`) })).toContainText("Treatment");
  await expect(arms.getByRole("row", { name: new RegExp(`${urnB} Beech School`) })).toContainText("Control");

  await admin.getByLabel("Schools were assigned on").fill("2025-12-15");
  await admin.getByRole("button", { name: "Lock the arms" }).click();
  await expect(admin.getByRole("status")).toContainText("Arms locked, as assigned on 2025-12-15.");
  await expect(admin.getByRole("button", { name: "Add to the arm" })).toHaveCount(0);
  await admin.getByLabel("School that dropped out").selectOption(String(urnB));
  await admin.getByLabel("Withdrew on").fill("2026-03-01");
  await admin.getByRole("button", { name: "Mark as withdrawn" }).click();
  await expect(admin.getByRole("status")).toContainText("It stays in its arm");
  await expect(arms.getByRole("row", { name: new RegExp(`${urnB} Beech School`) })).toContainText("Control");
  await expectAccessible(admin);
  const evaluationPath = new URL(admin.url()).pathname;

  // The evaluator finds it and exports.
  const evaluator = await newPageAs(browser);
  await signIn(evaluator, DEMO.evaluator);
  await evaluator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Evaluations" }).click();
  await evaluator.getByRole("link", { name }).click();
  await expect(evaluator.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(evaluator.getByRole("heading", { name: "Manage the arms" })).toHaveCount(0);
  await evaluator.getByRole("button", { name: "Export pseudonymised data (zip)" }).click();
  await expect(evaluator.getByRole("alert")).toContainText("Say what the export is for.");
  await evaluator.getByLabel("What the export is for").fill("Baseline uptake, section 3 of the evaluation plan");
  await evaluator.getByLabel("Data-sharing agreement reference").fill(`DSA-${tag}`);
  const [download] = await Promise.all([
    evaluator.waitForEvent("download"),
    evaluator.getByRole("button", { name: "Export pseudonymised data (zip)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pathways-evaluation-[\w-]+-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
  expect(Object.keys(zip.files).sort()).toEqual(["data-dictionary.csv", "manifest.json", "schools.csv", "teachers.csv"]);
  const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as { purpose: string; dataSharingAgreement: string };
  expect(manifest).toMatchObject({ purpose: "Baseline uptake, section 3 of the evaluation plan", dataSharingAgreement: `DSA-${tag}` });
  const schools = await zip.file("schools.csv")!.async("string");
  expect(schools).toContain(`${urnA},treatment,`);
  expect(schools).toContain(`${urnB},control,2026-03-01,`);
  await evaluator.reload();
  const log = evaluator.getByRole("table", { name: "Export log" });
  await expect(log.getByRole("row", { name: new RegExp(`DSA-${tag}`) })).toContainText("Eve Evaluator");
  await expectAccessible(evaluator);

  // Without JavaScript, a missing agreement comes back as a message, with the purpose kept.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await signIn(plain, DEMO.evaluator);
  await plain.goto(evaluationPath);
  await plain.getByLabel("What the export is for").fill("A purpose without an agreement");
  await plain.getByRole("button", { name: "Export pseudonymised data (zip)" }).click();
  await expect(plain.getByRole("alert")).toContainText("Give the data-sharing agreement's reference.");
  await expect(plain.getByLabel("What the export is for")).toHaveValue("A purpose without an agreement");
  await context.close();
  expect(await prisma.evaluationExport.count({ where: { evaluation: { name } } })).toBe(1);

  // Nobody else sees evaluations.
  const teacher = await newPageAs(browser, await createUser());
  await teacher.goto("/");
  await expect(teacher.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Evaluations" })).toHaveCount(0);
  expect((await teacher.goto(evaluationPath))?.status()).toBe(403);
});
