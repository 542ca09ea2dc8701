import crypto from "node:crypto";
import { expect, type Page } from "@playwright/test";

/** The small fixture module (tests/fixtures/courses/certificate-fixture), published by the e2e server. */
export const CERT_MODULE = "certificate-fixture";
export const CERT_ACTIVITIES = ["certificate-fixture-first", "certificate-fixture-second"];
export const CERT_MODULE_TITLE = "Certificate fixture module";

/**
 * Enrols the signed-in learner of `page` and completes the fixture module through the same HTTP
 * endpoints the pages use, then gets the certificate; returns its id.
 */
export async function earnCertificate(page: Page, origin: string): Promise<string> {
  const headers = { Origin: origin };
  const enrol = await page.request.post(`/courses/${CERT_MODULE}?index`, { form: { intent: "enrol" }, headers, maxRedirects: 0 });
  expect(enrol.status()).toBe(302);
  for (const activityId of CERT_ACTIVITIES) {
    const response = await page.request.post("/api/progress", {
      data: { moduleId: CERT_MODULE, activityId, clientId: crypto.randomUUID(), intent: "complete" },
      headers,
    });
    expect(response.status()).toBe(200);
  }
  const issued = await page.request.post("/certificates?index", { form: { moduleId: CERT_MODULE }, headers, maxRedirects: 0 });
  expect(issued.status()).toBe(302);
  const id = /^\/certificates\/([A-Za-z0-9_-]+)$/.exec(issued.headers()["location"] ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}
