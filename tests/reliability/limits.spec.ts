import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import JSZip from "jszip";
import { DEMO } from "../e2e/support.ts";

/**
 * Issue 11, item 5 (a, b) against the production build over real HTTP: author Markdown renders off
 * the request thread (the built worker), so /healthz keeps answering while a hostile preview runs;
 * request bodies are limited before anything buffers them; a legitimate zip import still fits.
 */

// One at a time: the timings below are about this server, not about several tests loading it at once.
test.describe.configure({ mode: "serial" });

async function signedInAs(baseURL: string, who: { email: string; password: string }): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: new URL(baseURL).origin } });
  const response = await context.post("/sign-in", { form: who, maxRedirects: 0 });
  expect(response.status()).toBe(302);
  return context;
}

/** 500 nested emphasis pairs per paragraph (under the per-paragraph check), in many paragraphs: slow to parse. */
const SLOW = Array.from({ length: 40 }, () => "*a ".repeat(490) + "x" + " a*".repeat(490)).join("\n\n");

async function timedHealthz(baseURL: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(new URL("/healthz", baseURL));
  expect(response.status).toBe(200);
  return performance.now() - started;
}

test.describe("author Markdown off the request thread", () => {
  test("/healthz answers within 1 s while a hostile preview renders, and the preview says it took too long, within the limit", async ({
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const author = await signedInAs(baseURL!, DEMO.author);
    // Warm the pool so the measured preview is the render itself.
    expect((await author.post("/author/preview", { form: { markdown: "*warm*" } })).status()).toBe(200);

    const started = performance.now();
    const preview = author.post("/author/preview", { form: { markdown: SLOW } });
    const healthTimes: number[] = [];
    let settled = false;
    void preview.finally(() => (settled = true));
    while (!settled && performance.now() - started < 10_000) {
      healthTimes.push(await timedHealthz(baseURL!));
      await new Promise((r) => setTimeout(r, 100));
    }
    const response = await preview;
    const elapsed = performance.now() - started;
    expect(healthTimes.length).toBeGreaterThan(3);
    expect(Math.max(...healthTimes)).toBeLessThan(1_000);
    expect(response.status()).toBe(200); // the live preview shows the message where the HTML would be
    expect((await response.json()) as { warnings: string[] }).toMatchObject({
      warnings: [expect.stringMatching(/took too long to render/)],
    });
    expect(elapsed).toBeLessThan(6_000); // the 2 s limit, plus the worker's replacement and a loaded machine
    // The next preview works (the worker was replaced).
    const next = await author.post("/author/preview", { form: { markdown: "**still here**" } });
    expect(((await next.json()) as { html: string }).html).toBe("<p><strong>still here</strong></p>");
    await author.dispose();
  });

  test("the issue's nested emphasis (24 KB and 180 KB) is answered quickly with a warning", async ({ baseURL }) => {
    const author = await signedInAs(baseURL!, DEMO.author);
    await author.post("/author/preview", { form: { markdown: "*warm*" } });
    for (const n of [4000, 30_000]) {
      const markdown = "*a ".repeat(n) + "x" + " a*".repeat(n);
      const started = performance.now();
      const response = await author.post("/author/preview", { form: { markdown } });
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(response.status()).toBe(200);
      expect(((await response.json()) as { warnings: string[] }).warnings.join(" ")).toMatch(/too many to render/);
      expect((await timedHealthz(baseURL!)) < 1_000).toBe(true);
    }
    await author.dispose();
  });
});

/** A raw HTTP POST (so the body can be chunked or never sent in full); resolves on the response. */
function rawPost(
  baseURL: string,
  pathname: string,
  { bytes, chunked, contentType = "application/x-www-form-urlencoded" }: { bytes: number; chunked: boolean; contentType?: string },
): Promise<{ status: number; body: string; ms: number; sent: number }> {
  const url = new URL(pathname, baseURL);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = http.request(
      url,
      {
        method: "POST",
        headers: {
          Origin: url.origin,
          "Content-Type": contentType,
          ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(bytes) }),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        const done = () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started, sent });
        // The server closes the connection after a 413 while the body is still being sent.
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    req.on("error", (error) => (sent > 0 ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (sent < bytes && !req.destroyed) {
        const size = Math.min(chunk.length, bytes - sent);
        sent += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

test.describe("request body limits", () => {
  test("2 MB to /sign-in is refused with 413 at once (declared length)", async ({ baseURL }) => {
    const result = await rawPost(baseURL!, "/sign-in", { bytes: 2 * 1024 * 1024, chunked: false });
    expect(result.status).toBe(413);
    expect(result.body).toMatch(/too large/);
    expect(result.ms).toBeLessThan(2_000);
  });

  test("100 MB to /sign-in is refused without being read", async ({ baseURL }) => {
    const result = await rawPost(baseURL!, "/sign-in", { bytes: 100 * 1024 * 1024, chunked: false });
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(3_000);
  });

  test("a chunked body is counted and refused as soon as it passes 1 MB", async ({ baseURL }) => {
    const result = await rawPost(baseURL!, "/sign-in", { bytes: 50 * 1024 * 1024, chunked: true });
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(5_000);
  });

  test("a small chunked form is still read", async ({ baseURL }) => {
    const result = await rawPost(baseURL!, "/sign-in", { bytes: 100, chunked: true });
    expect(result.status).toBe(400); // "a" * 100 is not a valid sign-in: the form's own answer, not 413
  });

  test("a zip import over 1 MB (within the import's own 5 MB) still works", async ({ baseURL }) => {
    test.setTimeout(60_000);
    const author = await signedInAs(baseURL!, DEMO.author);
    const fixture = path.resolve("tests/fixtures/courses/certificate-fixture");
    const id = `limits-${crypto.randomBytes(4).toString("hex")}`;
    const zip = new JSZip();
    const folder = zip.folder(id)!;
    for (const name of fs.readdirSync(fixture)) {
      let text = fs.readFileSync(path.join(fixture, name), "utf8");
      if (name === "module.yaml") text = text.replace(/^id: .*$/m, `id: ${id}`);
      // Incompressible text so the zip itself is over the 1 MB default limit.
      else text += `\n\n${crypto.randomBytes(600_000).toString("base64")}\n`;
      folder.file(name, text);
    }
    const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const response = await author.post("/author", {
      multipart: { zip: { name: `${id}.zip`, mimeType: "application/zip", buffer: bytes } },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toMatch(/^\/author\/modules\/.+\?imported=1$/);
    await author.dispose();
  });
});
