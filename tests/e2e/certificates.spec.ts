import crypto from "node:crypto";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { parse as parseCsv } from "csv-parse/sync";
import { PDFDocument } from "pdf-lib";
import { verifyCredential } from "../../app/modules/certificates/verify-credential.ts";
import { CERT_ACTIVITIES, CERT_MODULE, CERT_MODULE_TITLE, earnCertificate } from "./certificate-helpers.ts";
import { createAccount, DEMO, expectAccessible, newPageAs, signInAs } from "./support.ts";

/**
 * Certificates, end to end: a teacher earns one on the small fixture module
 * (tests/fixtures/courses/certificate-fixture, published by the e2e server via EXTRA_COURSES_DIRS),
 * a signed-out school leader checks the PDF's address and the credential file, an admin revokes it.
 */
const MODULE = CERT_MODULE;
const ACTIVITIES = CERT_ACTIVITIES;
const TITLE = CERT_MODULE_TITLE;

const uniqueName = () => `Ada Certificate-${crypto.randomBytes(3).toString("hex")}`;

async function download(page: Page, linkName: string | RegExp) {
  const pending = page.waitForEvent("download");
  await page.getByRole("link", { name: linkName }).click();
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

const results = (page: Page) => page.locator(".check-result");

test("a teacher earns a certificate; a signed-out leader verifies the PDF and the credential; an admin revokes it", async ({
  page,
  browser,
  baseURL,
}) => {
  test.slow(); // one long journey across four browsers, with axe on every page
  const name = uniqueName();
  await createAccount(page, { name });

  // Complete the small module, with JavaScript (progress goes through the queue).
  await page.goto(`/courses/${MODULE}`);
  await page.getByRole("button", { name: "Enrol" }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${MODULE}/learn/${ACTIVITIES[0]}$`));
  await page.getByRole("button", { name: "Mark as complete" }).click();
  await expect(page.getByText("You have completed this activity.")).toBeVisible();
  await page.getByRole("link", { name: /Next: Second certificate reading/ }).click();
  await page.getByRole("button", { name: "Mark as complete" }).click();

  // The last one leads to the completion page: the hours, and the certificate issued there and then.
  await expect(page).toHaveURL(new RegExp(`/courses/${MODULE}/complete$`));
  await expect(page.getByRole("heading", { level: 1, name: `You have completed ${TITLE}` })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("This module counts for 0.5 hours of CPD");
  const certificateLink = page.getByRole("link", { name: "View certificate", exact: true });
  const href = (await certificateLink.getAttribute("href")) ?? "";
  expect(href).toMatch(/^\/certificates\/[0-9a-hjkmnp-tv-z]{5}(-[0-9a-hjkmnp-tv-z]{5}){5}$/);
  const id = href.split("/").pop()!;
  await expect(page.getByRole("main").getByText(id, { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download the PDF" })).toHaveAttribute("href", `/certificates/${id}/certificate.pdf`);
  const verifyLink = `${new URL(baseURL!).origin}/verify/${id}`;
  await expect(page.getByLabel("Link anyone can use to check your certificate")).toHaveValue(verifyLink);
  const linkedIn = new URL((await page.getByRole("link", { name: "Add it to your LinkedIn profile" }).getAttribute("href")) ?? "");
  expect(linkedIn.origin + linkedIn.pathname).toBe("https://www.linkedin.com/profile/add");
  expect(linkedIn.searchParams.get("certId")).toBe(id);
  expect(linkedIn.searchParams.get("certUrl")).toBe(verifyLink);
  expect(linkedIn.searchParams.get("name")).toBe(TITLE);
  await expect(page.getByRole("group", { name: new RegExp(`How would you rate ${TITLE}`) })).toBeVisible();
  await expectAccessible(page);
  // "Copy link" puts the verification link on the clipboard and says so.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link copied." })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(verifyLink);
  // Coming back to it (or reloading) issues nothing new.
  await page.reload();
  await expect(page.getByRole("link", { name: "View certificate", exact: true })).toHaveAttribute("href", href);

  await certificateLink.click();
  await expect(page).toHaveURL(new RegExp(`/certificates/${id}$`));
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText("Well done: this certificate is valid.")).toBeVisible();
  await expect(page.getByRole("main").getByText(name, { exact: true })).toBeVisible();
  await expectAccessible(page);

  // Asking again gives the same certificate.
  const again = await page.request.post("/certificates?index", {
    form: { moduleId: MODULE },
    headers: { Origin: new URL(baseURL!).origin },
    maxRedirects: 0,
  });
  expect(again.headers()["location"]).toBe(`/certificates/${id}`);
  await page.goto("/learning");
  // A finished module's main action is its certificate, not "Continue"; the hours are added up.
  await expect(page.getByRole("link", { name: `View certificate for ${TITLE}` })).toHaveAttribute("href", `/certificates/${id}`);
  await expect(page.getByRole("link", { name: `Continue ${TITLE}` })).toHaveCount(0);
  await expect(page.getByRole("link", { name: `Look back over the module ${TITLE}` })).toBeVisible();
  await expect(page.getByRole("link", { name: `Certificate for ${TITLE}`, exact: true })).toHaveAttribute("href", `/certificates/${id}`);
  const hours = page.locator("h2#cpd-hours + p");
  await expect(hours).toContainText(/This academic year \(\d{4}\/\d{2}\): 0\.5 hours\. All time: 0\.5 hours, from 1 certificate\./);
  await expectAccessible(page);
  // The CPD record, read back by a CSV parser we did not write.
  const record = parseCsv((await download(page, "Download your CPD record (CSV)")).bytes, {
    bom: true,
    relax_column_count: true,
  }) as string[][];
  expect(record[0]).toEqual(["Completed on", "Academic year", "Activity", "Kind", "CPD hours", "Certificate reference", "Check at"]);
  expect(record[1]!.slice(2)).toEqual([`${TITLE} (version 1)`, "Online module", "0.5", id, `${new URL(baseURL!).origin}/verify/${id}`]);
  expect(record.at(-1)).toEqual(["Total, all time", "", "", "", "0.5", "", ""]);
  await page.goto("/certificates");
  await expect(page.getByRole("link", { name: TITLE })).toBeVisible();
  await expectAccessible(page);

  // Downloads: the printable PDF and the signed credential.
  await page.goto(`/certificates/${id}`);
  const pdf = await download(page, "Download the PDF certificate");
  expect(pdf.name).toBe(`pathways-certificate-${id}.pdf`);
  expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
  const pdfDoc = await PDFDocument.load(pdf.bytes);
  expect(pdfDoc.getTitle()).toBe(`Certificate of completion: ${TITLE} – ${name}`);
  // Its words are in Noto Sans, embedded as subsets (read from node_modules by the production server).
  expect(pdf.bytes.toString("latin1")).toMatch(/\/BaseFont \/NotoSans-Bold-\d+/);
  expect(pdf.bytes.length).toBeLessThan(60_000);
  const verifyUrl = /\/URI \(([^)]+)\)/.exec(pdf.bytes.toString("latin1"))?.[1];
  expect(verifyUrl).toBe(`${new URL(baseURL!).origin}/verify/${id}`);

  const credentialFile = await download(page, "Download the digital credential");
  expect(credentialFile.name).toBe(`pathways-credential-${id}.json`);
  const credentialText = credentialFile.bytes.toString("utf8");
  const credential = JSON.parse(credentialText);
  expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
  expect(credential.credentialSubject.name).toBe(name);

  // Offline: the published key document is all a verifier needs.
  const issuerDocument = await (await page.request.get("/.well-known/pathways-issuer.json")).json();
  expect(verifyCredential(credentialText, issuerDocument)).toMatchObject({ genuine: true });

  // A school leader, signed out, opens the address printed on the PDF.
  const leader = await newPageAs(browser);
  await leader.goto(verifyUrl!);
  await expect(leader.getByRole("heading", { level: 1, name: "This certificate is valid" })).toBeVisible();
  await expect(leader.getByRole("main").getByText(name, { exact: true })).toBeVisible();
  await expect(leader.getByRole("main").getByText(TITLE, { exact: true })).toBeVisible();
  await expectAccessible(leader);

  // ...and pastes the credential.
  await leader.getByLabel("Or paste the credential").fill(credentialText);
  await leader.getByRole("button", { name: "Check the credential" }).click();
  await expect(results(leader).getByRole("heading")).toHaveText(
    "Result: the credential is genuine, matches this certificate and is current",
  );
  await expect(results(leader)).toContainText("Genuine: yes.");
  await expect(results(leader)).toContainText("Matches this certificate: yes.");
  await expect(results(leader)).toContainText("Current: yes.");
  await expectAccessible(leader);

  // A tampered credential (a changed name) fails, and says why; so does a truncated file.
  await leader.getByLabel("Or paste the credential").fill(credentialText.replace(name, "Someone Else"));
  await leader.getByRole("button", { name: "Check the credential" }).click();
  await expect(results(leader)).toContainText("Genuine: no. The signature does not match: the file was altered after it was issued.");
  await expectAccessible(leader);
  await leader.getByLabel("Or paste the credential").fill("");
  await leader.getByLabel("Choose the credential file").setInputFiles({
    name: "credential.json",
    mimeType: "application/json",
    buffer: Buffer.from(credentialText.slice(0, credentialText.length - 40)),
  });
  await leader.getByRole("button", { name: "Check the credential" }).click();
  await expect(results(leader)).toContainText("truncated JSON");

  // An admin finds the certificate and revokes it, with a reason.
  const admin = await newPageAs(browser);
  await signInAs(admin, DEMO.admin);
  await admin.goto("/admin/certificates");
  await expectAccessible(admin);
  await admin.getByLabel(/Search by certificate reference/).fill(id);
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(admin.getByText("1 certificate.")).toBeVisible();
  await admin.getByLabel(`Reason for revoking the certificate of ${name}`).fill("Completed by someone else (test)");
  await admin.getByRole("button", { name: `Revoke the certificate of ${name}` }).click();
  await expect(admin.getByRole("status")).toContainText("Certificate revoked.");
  await expect(admin.getByRole("row").filter({ hasText: name })).toContainText("Completed by someone else (test)");
  await expectAccessible(admin);

  // The public page, the status API and a check of the same credential all say revoked.
  await leader.goto(verifyUrl!);
  await expect(leader.getByRole("heading", { level: 1, name: "This certificate has been revoked" })).toBeVisible();
  await expect(leader.getByText("Reason: Completed by someone else (test)")).toBeVisible();
  await expectAccessible(leader);
  await leader.getByLabel("Choose the credential file").setInputFiles({
    name: "credential.json",
    mimeType: "application/json",
    buffer: credentialFile.bytes,
  });
  await leader.getByRole("button", { name: "Check the credential" }).click();
  await expect(results(leader)).toContainText("Genuine: yes.");
  await expect(results(leader)).toContainText("Current: no. Revoked on");
  await expect(results(leader)).toContainText("Completed by someone else (test)");
  await expectAccessible(leader);
  const status = await (await leader.request.get(`/verify/${id}/status.json`)).json();
  expect(status).toMatchObject({
    status: "revoked",
    revokedCredentials: [{ revoked: true, revocationReason: "Completed by someone else (test)" }],
  });
  // …and so does the signed revocation list wallets read (its bit decoded in tests/conformance).
  const entry = JSON.parse(credentialText).credentialStatus as { statusListCredential: string; type: string };
  expect(entry.type).toBe("BitstringStatusListEntry");
  const list = await leader.request.get(new URL(entry.statusListCredential).pathname);
  expect(list.headers()["content-type"]).toContain("application/json");
  expect((await list.json()).type).toEqual(["VerifiableCredential", "BitstringStatusListCredential"]);

  // The holder's page and PDF say so too.
  await page.goto(`/certificates/${id}`);
  await expect(page.getByText("This certificate was revoked on")).toBeVisible();
  await expectAccessible(page);
  const revokedPdf = await download(page, "Download the PDF certificate (marked as revoked)");
  expect((await PDFDocument.load(revokedPdf.bytes)).getTitle()).toMatch(/\(revoked\)$/);
});

test("who may see which certificate route", async ({ page, browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  await createAccount(page, { name: uniqueName() });
  const id = await earnCertificate(page, origin);
  const owned = [`/certificates/${id}`, `/certificates/${id}/certificate.pdf`, `/certificates/${id}/credential.json`];
  const pub = [`/verify/${id}`, `/verify/${id}/status.json`];

  // The holder.
  for (const path of [...owned, ...pub]) expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
  const pdf = await page.request.get(`/certificates/${id}/certificate.pdf`);
  expect(pdf.headers()).toMatchObject({
    "content-type": "application/pdf",
    "content-disposition": `attachment; filename="pathways-certificate-${id}.pdf"`,
    "x-content-type-options": "nosniff",
  });
  const json = await page.request.get(`/certificates/${id}/credential.json`);
  expect(json.headers()).toMatchObject({ "content-type": "application/json; charset=utf-8", "x-content-type-options": "nosniff" });
  expect(json.headers()["content-disposition"]).toMatch(/^attachment;/);

  // Anonymous: owner-only routes send to sign in; the public ones answer; nothing changes state.
  const anonymous = (await browser.newContext()).request;
  for (const path of owned) {
    const response = await anonymous.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(response.headers()["location"], path).toMatch(/^\/sign-in\?redirectTo=/);
  }
  for (const path of pub) expect((await anonymous.get(path)).status(), path).toBe(200);
  expect((await anonymous.get("/.well-known/pathways-issuer.json")).status()).toBe(200);
  const anonymousIssue = await anonymous.post("/certificates?index", {
    form: { moduleId: MODULE },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(anonymousIssue.status()).toBe(302);
  expect(anonymousIssue.headers()["location"]).toMatch(/^\/sign-in/);
  const anonymousRevoke = await anonymous.post("/admin/certificates?index", {
    form: { certificateId: id, reason: "Not allowed" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(anonymousRevoke.status()).toBe(302);

  // Another learner: 404 for the holder's routes, exactly as for an id that does not exist.
  const other = await newPageAs(browser);
  await createAccount(other);
  for (const path of owned) {
    expect((await other.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
    expect((await other.request.get(path.replace(id, "AAAAAAAAAAAAAAAAAAAAAAAA"), { maxRedirects: 0 })).status(), path).toBe(404);
  }
  expect(await (await other.request.get(`/certificates/${id}/credential.json`)).text()).not.toContain("OpenBadgeCredential");
  await other.goto(`/certificates/${id}`);
  await expect(other.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(other);
  // They cannot get a certificate they have not earned, nor revoke one.
  const unearned = await other.request.post("/certificates?index", {
    form: { moduleId: MODULE },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(unearned.status()).toBe(403);
  expect(await unearned.text()).toContain("Enrol in this module and complete it");
  expect((await other.request.get("/admin/certificates", { maxRedirects: 0 })).status()).toBe(403);
  const learnerRevoke = await other.request.post("/admin/certificates?index", {
    form: { certificateId: id, reason: "Not allowed" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(learnerRevoke.status()).toBe(403);
  expect((await (await anonymous.get(`/verify/${id}/status.json`)).json()).status).toBe("valid");

  // An admin may open the holder's page and downloads.
  const admin = await newPageAs(browser);
  await signInAs(admin, DEMO.admin);
  for (const path of owned) expect((await admin.request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);

  // A revocation from a foreign origin is refused before any route code runs.
  const foreign = await admin.request.post("/admin/certificates?index", {
    form: { certificateId: id, reason: "Cross-site" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);
  expect((await (await anonymous.get(`/verify/${id}/status.json`)).json()).status).toBe("valid");
});

test("unknown and malformed certificate references get the same not-found page", async ({ page }) => {
  const pages: string[] = [];
  for (const path of ["/verify/AAAAAAAAAAAAAAAAAAAAAAAA", "/verify/not%20a%20real%20id!", "/verify/x"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Certificate not found" })).toBeVisible();
    pages.push((await page.locator("main").innerText()).trim());
  }
  expect(new Set(pages).size).toBe(1);
  await expectAccessible(page);
  expect((await page.request.get("/verify/AAAAAAAAAAAAAAAAAAAAAAAA/status.json")).status()).toBe(404);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("completing the module by plain forms issues the certificate and the verification page checks a pasted credential", async ({
    page,
    browser,
  }) => {
    // Signing up is covered elsewhere: a confirmed account, signed in on this browser without JavaScript.
    const name = uniqueName();
    await createAccount(page, { name });

    await page.goto(`/courses/${MODULE}`);
    await page.getByRole("button", { name: "Enrol" }).click();
    for (const activityId of ACTIVITIES) {
      await page.goto(`/courses/${MODULE}/learn/${activityId}`);
      await page.getByRole("button", { name: "Mark as complete" }).click();
    }
    // The plain form's redirect leads to the completion page, which issued the certificate.
    await expect(page).toHaveURL(new RegExp(`/courses/${MODULE}/complete$`));
    await expect(page.getByLabel("Link anyone can use to check your certificate")).toHaveValue(/\/verify\//);
    await expect(page.getByRole("button", { name: "Copy link" })).toHaveCount(0); // needs JavaScript; the field is there to copy from
    await page.getByRole("link", { name: "View certificate", exact: true }).click();
    await expect(page).toHaveURL(/\/certificates\/[0-9a-hjkmnp-tv-z]{5}(-[0-9a-hjkmnp-tv-z]{5}){5}$/);
    await expect(page.getByRole("main").getByText(name, { exact: true })).toBeVisible();
    const id = page.url().split("/").pop()!;
    const credential = await (await page.request.get(`/certificates/${id}/credential.json`)).text();

    const leader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await leader.goto(`/verify/${id}`);
    await expect(leader.getByRole("heading", { level: 1, name: "This certificate is valid" })).toBeVisible();
    await leader.getByLabel("Or paste the credential").fill(credential);
    await leader.getByRole("button", { name: "Check the credential" }).click();
    await expect(results(leader)).toContainText("Genuine: yes.");
    await expect(results(leader)).toContainText("Matches this certificate: yes.");
    // The pasted text is kept, so it can be corrected and checked again.
    await expect(leader.getByLabel("Or paste the credential")).toHaveValue(credential);
    await leader
      .getByLabel("Or paste the credential")
      .fill(credential.replace(/"validFrom":\s*"[^"]+"/, '"validFrom":"2020-01-01T00:00:00Z"'));
    await leader.getByRole("button", { name: "Check the credential" }).click();
    await expect(results(leader)).toContainText("Genuine: no. The signature does not match");
  });
});
