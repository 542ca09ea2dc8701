import { describe, expect, it } from "vitest";
import { MAX_CHECK_FORM_BYTES, readCredentialForm } from "./credential-form.server.ts";
import { MAX_CREDENTIAL_BYTES } from "./verify-credential.ts";

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/verify/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readCredentialForm", () => {
  it("prefers an uploaded file, and falls back to the pasted text", async () => {
    const withFile = new FormData();
    withFile.set("credential", "pasted");
    withFile.set("file", new File(['{"from":"file"}'], "credential.json", { type: "application/json" }));
    expect(await readCredentialForm(post(withFile))).toEqual({ ok: true, text: '{"from":"file"}', source: "file" });

    const emptyFile = new FormData();
    emptyFile.set("credential", "pasted");
    emptyFile.set("file", new File([], ""));
    expect(await readCredentialForm(post(emptyFile))).toEqual({ ok: true, text: "pasted", source: "paste" });

    const urlencoded = post(new URLSearchParams({ credential: "typed" }));
    expect(await readCredentialForm(urlencoded)).toEqual({ ok: true, text: "typed", source: "paste" });
  });

  it("refuses large files and large bodies without reading them whole", async () => {
    const big = new FormData();
    big.set("file", new File(["x".repeat(MAX_CREDENTIAL_BYTES + 1)], "big.json"));
    expect(await readCredentialForm(post(big))).toEqual({ ok: false, reason: "too-large" });

    const declared = post("x", { "Content-Length": String(MAX_CHECK_FORM_BYTES + 1), "Content-Type": "text/plain" });
    expect(await readCredentialForm(declared)).toEqual({ ok: false, reason: "too-large" });

    // No (or a false) Content-Length: the stream is cut off at the limit.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(120));
      },
    });
    expect(await readCredentialForm(post(endless, { "Content-Type": "application/x-www-form-urlencoded" }))).toEqual({
      ok: false,
      reason: "too-large",
    });
    expect(pulled).toBeLessThanOrEqual(MAX_CHECK_FORM_BYTES + 32 * 1024);
  });

  it("reports a body that is not a form", async () => {
    expect(await readCredentialForm(post("{}", { "Content-Type": "multipart/form-data; boundary=nothing" }))).toEqual({
      ok: false,
      reason: "unreadable",
    });
  });
});
