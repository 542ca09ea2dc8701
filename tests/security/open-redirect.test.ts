import { describe, expect, it } from "vitest";
import { action } from "~/routes/sign-in.tsx";
import { safeRedirect } from "~/utils/safe-redirect.ts";
import { createUser } from "../factories/users.ts";

/** Issue 11, item 7: every hostile target lands on the app (the fallback), never elsewhere. */
const HOSTILE = [
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%09/evil.example/phish".replace("%09", "\t"),
  "/\t/evil.example/phish",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\u3000//evil.example",
  "/\u3000/evil.example",
  " //evil.example",
  "/.//evil.example",
  "/x/..//evil.example",
  "https://evil.example",
  "http:evil.example",
  "HTTPS://EVIL.EXAMPLE/",
  "//evil.example@app.example",
  "javascript:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "\u0000//evil.example",
  "/\u200b/evil.example",
  "/\ufeff/evil.example",
  // Still encoded once they reach the action (double-encoded in the query string).
  "/%09/evil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "%0A//evil.example",
];

describe("safeRedirect", () => {
  it.each(HOSTILE.map((t) => [JSON.stringify(t), t]))("%s lands on the app", (_label, target) => {
    expect(landsOnApp(safeRedirect(target, "/learning", "http://app.example"))).toBe(true);
  });

  it.each([
    "//evil.example",
    "/\t/evil.example/phish",
    "https://evil.example",
    "javascript:alert(1)",
    "/.//evil.example",
    "\u3000//evil.example",
    "/\n/evil.example",
  ])("%j falls back to the default", (target) => {
    expect(safeRedirect(target, "/learning", "http://app.example")).toBe("/learning");
  });

  it.each([
    ["/courses", "/courses"],
    ["/courses/abc?x=1#part", "/courses/abc?x=1#part"],
    ["/courses/%2F%2Fevil.example", "/courses/%2F%2Fevil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/learning\n", "/learning"],
    ["http://app.example/account", "/account"],
  ])("%j stays on the app as %j", (target, expected) => {
    expect(safeRedirect(target, "/learning", "http://app.example")).toBe(expected);
  });

  it("falls back for missing or non-string targets", () => {
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(null, "/x")).toBe("/x");
    expect(safeRedirect("", "/x")).toBe("/x");
    expect(safeRedirect(["//evil"], "/x")).toBe("/x");
  });

  it("keeps the result a path a browser cannot read as another host (with the placeholder origin too)", () => {
    for (const target of HOSTILE) expect(landsOnApp(safeRedirect(target, "/"))).toBe(true);
  });
});

/** A Location a browser resolves on http://app.example: a plain path, no characters it would drop. */
function landsOnApp(location: string): boolean {
  return (
    location.startsWith("/") &&
    !location.startsWith("//") &&
    !/[\p{Cc}\p{Cf}\p{Z}\s\\]/u.test(location) &&
    new URL(location, "http://app.example").origin === "http://app.example"
  );
}

describe("sign-in with a hostile redirectTo", () => {
  it.each([
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "\u3000/evil.example",
    "//evil.example",
    "https://evil.example/",
    "/.//evil.example",
  ])("%j: signs in and redirects to the app, not elsewhere (and never 500)", async (redirectTo) => {
    const user = await createUser();
    const body = new URLSearchParams({ email: user.email, password: user.password, redirectTo });
    const request = new Request("http://localhost/sign-in", { method: "POST", body });
    const response = await action({ request, params: {}, context: { clientIp: "203.0.113.7", cspNonce: "" } }).catch(
      (thrown: unknown) => thrown,
    );
    expect(response).toBeInstanceOf(Response);
    const location = (response as Response).headers.get("Location")!;
    expect((response as Response).status).toBe(302);
    expect(landsOnApp(location)).toBe(true);
  });

  it("still goes back to the page that asked for sign-in", async () => {
    const user = await createUser();
    const body = new URLSearchParams({ email: user.email, password: user.password, redirectTo: "/courses/x?y=1" });
    const request = new Request("http://localhost/sign-in", { method: "POST", body });
    const response = (await action({ request, params: {}, context: { clientIp: "203.0.113.8", cspNonce: "" } }).catch(
      (t: unknown) => t,
    )) as Response;
    expect(response.headers.get("Location")).toBe("/courses/x?y=1");
  });
});
