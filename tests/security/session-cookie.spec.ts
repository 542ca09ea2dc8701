import { expect, test } from "@playwright/test";
import { DEMO } from "../e2e/support.ts";

/** Garbled session cookies against the production build, over real HTTP (issue 11: they answered 500). */
const GARBLED = ["%ZZ%", "%", "%E0%A4%A", "a;b", '"quoted"', "x".repeat(43) + "%", "é"];

test("a malformed session cookie counts as no session and is cleared, never a 500", async ({ request }) => {
  for (const value of GARBLED) {
    for (const path of ["/", "/courses", "/sign-in", "/learning", "/api/progress"]) {
      const response = await request.get(path, { headers: { Cookie: `pathways_session=${value}` }, maxRedirects: 0 });
      expect(response.status(), `${path} with pathways_session=${value}`).toBeLessThan(500);
    }
    const home = await request.get("/", { headers: { Cookie: `pathways_session=${value}` } });
    expect(home.status()).toBe(200);
    expect(await home.text()).toContain("Sign in"); // signed out
    expect(home.headers()["set-cookie"], value).toMatch(/^pathways_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
  }
});

test("another site's malformed cookie beside a valid session changes nothing", async ({ request, baseURL }) => {
  const signIn = await request.post("/sign-in", {
    form: DEMO.learner,
    headers: { Origin: new URL(baseURL!).origin },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(302);
  const session = /pathways_session=([\w-]+)/.exec(signIn.headers()["set-cookie"] ?? "")![1]!;
  const home = await request.get("/learning", {
    headers: { Cookie: `other=%ZZ%; pathways_session=${session}; third=%` },
    maxRedirects: 0,
  });
  expect(home.status()).toBe(200);
  expect(await home.text()).toContain("Sign out");
  expect(home.headers()["set-cookie"]).toBeUndefined();
});
