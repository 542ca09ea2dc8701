import { expect, test } from "@playwright/test";

/**
 * An outsider's form post whose Origin is ours but whose Host (or X-Forwarded-Host) names another
 * site: Remix would throw (a 500); the Origin check answers 403 first (server/security.ts).
 */
test("a post with a Host header other than the site it came from is refused with 403, never a 500", async ({ request, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const variants: Record<string, string>[] = [
    { Host: "evil.example" },
    { "X-Forwarded-Host": "evil.example" },
    { Host: `${new URL(baseURL!).hostname}:1` },
  ];
  for (const headers of variants) {
    const response = await request.post("/sign-in", {
      form: { email: "someone@school.example", password: "not-the-password" },
      headers: { Origin: origin, ...headers },
      maxRedirects: 0,
    });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    // Refused by whichever check sees it first: the Origin against the Host, or Remix's rule.
    expect(await response.text()).toMatch(/^Forbidden: /);
  }
  // The same post with the right Host is answered by the sign-in page itself.
  const fine = await request.post("/sign-in", {
    form: { email: "someone@school.example", password: "not-the-password" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(fine.status()).toBe(400);
});
