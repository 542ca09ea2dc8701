import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support.ts";

test("every HTML response carries the security headers", async ({ request }) => {
  for (const path of ["/", "/sign-in", "/no-such-page"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("default-src 'self'");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
});

test("a state-changing request with a missing or foreign Origin is refused", async ({ request, baseURL }) => {
  const form = { email: "learner@pathways.test", password: "learner-pathways-demo" };
  expect((await request.post("/sign-in", { form })).status()).toBe(403);
  expect((await request.post("/sign-in", { form, headers: { Origin: "https://evil.example" } })).status()).toBe(403);
  expect((await request.post("/sign-out", { headers: { Origin: "null" } })).status()).toBe(403);
  const same = await request.post("/sign-in", { form, headers: { Origin: new URL(baseURL!).origin }, maxRedirects: 0 });
  expect(same.status()).toBe(302);
});

test("unknown pages get a styled 404", async ({ page }) => {
  const response = await page.goto("/this/does/not/exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeAttached();
  await expectAccessible(page);
});

test("/healthz checks the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: true });
});

test("the skip link and navigation work from the keyboard", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await expectAccessible(page);
});

test("public pages pass axe", async ({ page }) => {
  for (const path of ["/", "/sign-in", "/sign-up", "/forgot-password", "/accessibility"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
});
