import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page, type Request } from "@playwright/test";
import { tinyMp4, tinyVtt } from "../../app/modules/uploads/test-files.ts";
import { DEMO, expectAccessible, signInAs } from "./support.ts";

/**
 * Media uploads through /author/media: a real tus upload from Chromium, slowed down so that it can
 * be paused, resumed, and carried on after the page was reloaded.
 */

const CHUNK = 5 * 1024 * 1024; // the page's chunk size
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pathways-e2e-uploads-"));

/** A 12 MB MP4 on disk (so the browser sees the same file, with the same fingerprint, every time). */
function videoFile(label: string): string {
  const file = path.join(dir, `${label}-${crypto.randomBytes(3).toString("hex")}.mp4`);
  fs.writeFileSync(file, tinyMp4(12 * 1024 * 1024));
  return file;
}

/** Holds every PATCH back a little, as a slow school connection would; records the offsets sent. */
async function slowDownPatches(page: Page, offsets: number[], delayMs = 1200) {
  await page.route("**/uploads/tus/**", async (route) => {
    const request = route.request();
    if (request.method() === "PATCH") {
      offsets.push(Number(request.headers()["upload-offset"]));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    await route.continue().catch(() => {}); // the request may have been aborted (Pause, reload)
  });
}

/** The media list's row for a file (its first cell links to it). */
const fileRow = (page: Page, name: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });

const patchAccepted = (r: { request(): Request; status(): number }) => r.request().method() === "PATCH" && r.status() === 204;

test("an author uploads a video with pause and resume, then attaches captions", async ({ page }) => {
  await signInAs(page, DEMO.author);
  await page.goto("/author/media");
  await expect(page.getByRole("heading", { name: "My media" })).toBeVisible();
  await expectAccessible(page);

  const offsets: number[] = [];
  await slowDownPatches(page, offsets);
  const file = videoFile("lesson");
  const name = path.basename(file);
  await page.getByLabel("File", { exact: true }).setInputFiles(file);
  const firstChunk = page.waitForResponse(patchAccepted);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Uploading ${name}` })).toBeVisible();
  await firstChunk;

  // The first 5 MB are on the server: pause while the next chunk is on its way.
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText(/% \(.* of 12\.0 MB\): paused/)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /Paused at \d+%/ })).toBeVisible();
  const progress = page.getByLabel("Upload progress");
  expect(Number(await progress.getAttribute("value"))).toBeGreaterThanOrEqual(CHUNK);
  await expectAccessible(page);

  const patchesBeforeResume = offsets.length;
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Uploaded ${name}.` })).toBeVisible({ timeout: 30_000 });
  // Resumed from the server's offset, never from the start.
  expect(offsets.slice(patchesBeforeResume)[0]).toBe(CHUNK);
  expect(offsets.slice(1).every((offset) => offset > 0)).toBe(true);

  const row = fileRow(page, name);
  await expect(row).toContainText("Video");
  await expect(row).toContainText("12.0 MB");
  await expect(row).toContainText("Missing");
  await expect(page.getByText(/no captions yet/)).toBeVisible();

  // Captions for that video.
  const vtt = path.join(dir, `captions-${crypto.randomBytes(3).toString("hex")}.vtt`);
  fs.writeFileSync(vtt, tinyVtt());
  await page.getByLabel("File", { exact: true }).setInputFiles(vtt);
  await page.getByLabel("Video these captions belong to").selectOption({ label: name });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(row).toContainText(`Yes (${path.basename(vtt)})`);
  await expectAccessible(page);
});

test("an upload carries on after the page is reloaded, from where the server got to", async ({ page }) => {
  await signInAs(page, DEMO.author);
  await page.goto("/author/media");
  const offsets: number[] = [];
  await slowDownPatches(page, offsets);
  const file = videoFile("reloaded");
  const name = path.basename(file);
  await page.getByLabel("File", { exact: true }).setInputFiles(file);
  const firstChunk = page.waitForResponse(patchAccepted);
  await page.getByRole("button", { name: "Upload" }).click();
  await firstChunk;

  await page.reload(); // the laptop lid closes
  offsets.length = 0;
  await page.getByLabel("File", { exact: true }).setInputFiles(file);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Carrying on with the earlier upload of ${name}` })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: `Uploaded ${name}.` })).toBeVisible({ timeout: 30_000 });
  expect(offsets[0]).toBeGreaterThanOrEqual(CHUNK);
  await expect(fileRow(page, name)).toHaveCount(1);
});

test("a disguised file is refused with a clear message", async ({ page }) => {
  await signInAs(page, DEMO.author);
  await page.goto("/author/media");
  const fake = path.join(dir, `notes-${crypto.randomBytes(3).toString("hex")}.pdf`);
  fs.writeFileSync(fake, "Just some text, not a PDF at all.\n".repeat(10));
  await page.getByLabel("File", { exact: true }).setInputFiles(fake);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert")).toContainText(`“${path.basename(fake)}” does not contain a PDF document`);
  await expect(fileRow(page, path.basename(fake))).toHaveCount(0);
  await expectAccessible(page);
});

test("a learner is refused: the page and the upload endpoint", async ({ page, baseURL }) => {
  await signInAs(page, DEMO.learner);
  const response = await page.goto("/author/media");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have permission to see this page" })).toBeVisible();
  await expectAccessible(page);
  const upload = await page.request.post("/uploads/tus", {
    headers: {
      "Tus-Resumable": "1.0.0",
      "Upload-Length": "100",
      "Upload-Metadata": `filename ${Buffer.from("a.png").toString("base64")}`,
      Origin: baseURL!,
    },
  });
  expect(upload.status()).toBe(403);
  expect(await upload.text()).toMatch(/Only course authors can upload media/);
});

test("someone signed out is sent to sign in, and the endpoint refuses them", async ({ page, baseURL }) => {
  await page.goto("/author/media");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fauthor%2Fmedia/);
  const upload = await page.request.post("/uploads/tus", {
    headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "100", Origin: baseURL! },
  });
  expect(upload.status()).toBe(401);
  expect(await upload.text()).toMatch(/Sign in as a course author/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the page says uploads need JavaScript and still lists media", async ({ page }) => {
    await signInAs(page, DEMO.author);
    await page.goto("/author/media");
    await expect(page.getByText("Uploading needs JavaScript.")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your files" })).toBeVisible();
    await expect(page.getByLabel("File", { exact: true })).toHaveCount(0);
  });
});
