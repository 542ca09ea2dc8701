import crypto from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import JSZip from "jszip";
import { DEMO, expectAccessible, signInAs } from "./support.ts";

/**
 * Issue 11, items 1 and 3, against the production build: submitting a draft runs its Python
 * exercise's checks in the server's sandbox (a confined child process, ADR 0027), so a solution
 * that fails its tests is refused with the author-facing message and a right one is accepted.
 */
function moduleZip(moduleId: string, solution: string) {
  const zip = new JSZip();
  const folder = zip.folder(moduleId)!;
  folder.file(
    "module.yaml",
    [
      `id: ${moduleId}`,
      "title: Doubling in Python",
      "summary: One Python exercise, checked on the server.",
      "outcomes: [Write a function]",
      "audience: [it-professionals]",
      "keyStages: [KS3]",
      "topics: [programming]",
      "cpdHours: 1",
      "authors: [{ name: Test Author, role: author }]",
      "completion: { required: all }",
      "sections:",
      "  - title: Exercises",
      "    activities:",
      "      - 01-double.md",
      "",
    ].join("\n"),
  );
  folder.file(
    "01-double.md",
    [
      "---",
      `id: double-${moduleId}`,
      "type: code",
      "title: Double",
      "minutes: 5",
      "language: python",
      "kind: write",
      "starter: |",
      "  def double(n):",
      "      pass",
      "solution: |",
      ...solution.split("\n").map((line) => `  ${line}`),
      "tests:",
      "  - name: doubles",
      "    code: assert double(2) == 4",
      "    message: double(2) should be 4",
      "---",
      "",
      "Write `double(n)`.",
      "",
    ].join("\n"),
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

async function importDraft(page: Page, moduleId: string, solution: string) {
  await page.goto("/author");
  await page.getByLabel("Zip file").setInputFiles({
    name: `${moduleId}.zip`,
    mimeType: "application/zip",
    buffer: await moduleZip(moduleId, solution),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText("Imported as a new draft.")).toBeVisible();
}

test("submitting a draft runs its Python checks on the built server: a wrong solution is refused, a right one accepted", async ({
  page,
}) => {
  test.setTimeout(300_000); // Python starts in the sandbox (seconds; more on a busy machine)
  await signInAs(page, DEMO.author);
  const suffix = crypto.randomBytes(4).toString("hex");

  await importDraft(page, `python-wrong-${suffix}`, "def double(n):\n    return n + 1");
  await page.getByRole("button", { name: "Submit for review" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "cannot be submitted yet" });
  await expect(alert).toBeVisible({ timeout: 240_000 });
  await expect(page.getByText(/The solution does not pass its own tests: test "doubles" fails/)).toBeVisible();
  await expectAccessible(page);

  await importDraft(page, `python-right-${suffix}`, "def double(n):\n    return n * 2");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByText(/Submitted for review/)).toBeVisible({ timeout: 240_000 });
});
