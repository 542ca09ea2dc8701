import { expect, test, type APIRequestContext } from "@playwright/test";
import { createAccount, DEMO } from "./support.ts";

/**
 * Who may see and change what, tried from the outside over real HTTP: anonymous visitors, a
 * learner who is not enrolled, and another learner, against one learner's progress and journal.
 */
const MODULE = "unconscious-bias-toolkit";
const LESSON = `/courses/${MODULE}/learn/ubt-what-is-unconscious-bias`;
const REFLECTION = `/courses/${MODULE}/learn/ubt-reflection-quick-judgements`;

async function post(request: APIRequestContext, url: string, data: Record<string, unknown>, origin: string) {
  return request.post(url, { data, headers: { Origin: origin }, maxRedirects: 0 });
}

test("anonymous visitors are sent to sign in, and the progress API says 401", async ({ request, baseURL }) => {
  for (const path of [
    "/learning",
    "/learning/journal",
    "/learning/journal/export?format=json",
    "/learning/cpd.csv",
    "/account",
    LESSON,
    `/courses/${MODULE}/learn`,
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(302);
    expect(response.headers()["location"], path).toMatch(/^\/sign-in\?redirectTo=/);
  }
  const api = await post(
    request,
    "/api/progress",
    { moduleId: MODULE, activityId: "ubt-what-is-unconscious-bias", clientId: "abcdefgh-1234", intent: "complete" },
    new URL(baseURL!).origin,
  );
  expect(api.status()).toBe(401);
});

test("a learner who is not enrolled cannot open lessons or record progress", async ({ page, baseURL }) => {
  await createAccount(page);
  await page.goto(LESSON);
  await expect(page).toHaveURL(new RegExp(`/courses/${MODULE}$`)); // the module page, to enrol
  const api = await post(
    page.request,
    "/api/progress",
    { moduleId: MODULE, activityId: "ubt-what-is-unconscious-bias", clientId: "abcdefgh-5678", intent: "complete" },
    new URL(baseURL!).origin,
  );
  expect(api.status()).toBe(403);
  // A plain form post is refused too; the page then sends the visitor to the module page to enrol.
  const form = await page.request.post(LESSON, {
    form: { intent: "complete", clientId: "abcdefgh-9012" },
    headers: { Origin: new URL(baseURL!).origin },
    maxRedirects: 0,
  });
  expect(form.status()).toBe(302);
  expect(form.headers()["location"]).toBe(`/courses/${MODULE}`);
  await page.goto("/learning");
  await expect(page.getByText("You have not enrolled in any modules yet.")).toBeVisible();
});

test("one learner's journal never appears in another's", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  await createAccount(a);
  await a.goto(`/courses/${MODULE}`);
  await a.getByRole("button", { name: "Enrol" }).click();
  await expect(a).toHaveURL(/\/learn\//);
  await a.goto(REFLECTION);
  await a.getByRole("textbox").fill("A private note only A may read");
  await a.getByRole("button", { name: "Save to my journal" }).click();
  await expect(a.getByText(/Saved to your journal on/)).toBeVisible();

  const b = await (await browser.newContext()).newPage();
  await createAccount(b);
  await b.goto("/learning/journal");
  await expect(b.getByText("A private note only A may read")).toHaveCount(0);
  const exported = await b.request.get("/learning/journal/export?format=json");
  expect(await exported.text()).not.toContain("A private note only A may read");
});

test("a learner is refused the admin pages and the admin API of roles", async ({ page, baseURL }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(DEMO.learner.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO.learner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  expect((await page.request.get("/admin/users", { maxRedirects: 0 })).status()).toBe(403);
  const grant = await page.request.post("/admin/users", {
    form: { intent: "grant", userId: "x", role: "admin" },
    headers: { Origin: new URL(baseURL!).origin },
    maxRedirects: 0,
  });
  expect(grant.status()).toBe(403);
});
