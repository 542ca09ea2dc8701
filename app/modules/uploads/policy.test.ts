import { describe, expect, it } from "vitest";
import { checkContent, checkDeclared, checkQuota, formatBytes, looksLikeWebVtt, MAX_BYTES } from "./policy.ts";

const MB = 1024 * 1024;

describe("checkDeclared", () => {
  it("finds the kind from the name and holds each kind to its own size limit", () => {
    expect(checkDeclared({ name: "Lesson 1.MP4", mime: "video/mp4", size: 400 * MB })).toMatchObject({ ok: true, type: { kind: "video" } });
    expect(checkDeclared({ name: "photo.jpeg", mime: "", size: 10 * MB })).toMatchObject({
      ok: true,
      type: { kind: "image", mime: "image/jpeg" },
    });
    expect(checkDeclared({ name: "photo.jpg", mime: "image/jpeg", size: 10 * MB + 1 })).toMatchObject({ ok: false, status: 413 });
    expect(checkDeclared({ name: "notes.pdf", mime: "application/pdf", size: 26 * MB })).toMatchObject({
      ok: false,
      status: 413,
      message: "“notes.pdf” is 26.0 MB; a document can be at most 25.0 MB.",
    });
    expect(checkDeclared({ name: "film.webm", mime: "video/webm", size: MAX_BYTES.video + 1 })).toMatchObject({ ok: false, status: 413 });
  });

  it("refuses unknown types, contradictions, and missing or empty sizes", () => {
    expect(checkDeclared({ name: "run.exe", mime: "", size: 10 })).toMatchObject({ ok: false, status: 415 });
    expect(checkDeclared({ name: "noextension", mime: "video/mp4", size: 10 })).toMatchObject({ ok: false, status: 415 });
    expect(checkDeclared({ name: "clip.mp4", mime: "image/png", size: 10 })).toMatchObject({ ok: false, status: 415 });
    expect(checkDeclared({ name: "clip.mp4", mime: "application/octet-stream", size: 10 })).toMatchObject({ ok: true });
    expect(checkDeclared({ name: "clip.mp4", mime: "video/mp4", size: undefined })).toMatchObject({ ok: false, status: 400 });
    expect(checkDeclared({ name: "clip.mp4", mime: "video/mp4", size: 0 })).toMatchObject({ ok: false, status: 400 });
  });
});

describe("checkQuota", () => {
  it("allows up to the quota exactly and says how much is left", () => {
    expect(checkQuota(1500, 500, 2000)).toEqual({ ok: true });
    const refused = checkQuota(1500 * MB, 600 * MB, 2048 * MB);
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.message).toMatch(/\(600\.0 MB\) would take you over your 2\.0 GB storage limit: you have 548\.0 MB left/);
  });
});

describe("checkContent", () => {
  const expected = { kind: "video" as const, mime: "video/mp4", name: "clip.mp4" };
  it("accepts matching content and refuses anything else with a clear message", () => {
    expect(checkContent(expected, { mime: "video/mp4" })).toEqual({ ok: true, mime: "video/mp4" });
    expect(checkContent(expected, { mime: "image/png" })).toEqual({
      ok: false,
      message: "“clip.mp4” is named as a MP4 video but its content is PNG image. It has been deleted.",
    });
    expect(checkContent(expected, { mime: "application/x-msdownload" })).toMatchObject({ ok: false });
    expect(checkContent(expected, undefined)).toMatchObject({ ok: false, message: expect.stringMatching(/does not contain a MP4 video/) });
  });
});

describe("looksLikeWebVtt", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it("recognises the WEBVTT header, with or without a byte order mark", () => {
    expect(looksLikeWebVtt(bytes("WEBVTT\n\n00:00.000 --> 00:01.000\nHi"))).toBe(true);
    expect(looksLikeWebVtt(bytes("\uFEFFWEBVTT - Lesson 1\n"))).toBe(true);
    expect(looksLikeWebVtt(bytes("WEBVTT"))).toBe(true);
    expect(looksLikeWebVtt(bytes("WEBVTTX\n"))).toBe(false);
    expect(looksLikeWebVtt(bytes("1\n00:00:00,000 --> 00:00:01,000\nHi"))).toBe(false); // SubRip, not WebVTT
  });
});

describe("formatBytes", () => {
  it("uses the largest sensible unit", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(40_000)).toBe("39 KB");
    expect(formatBytes(5 * MB)).toBe("5.0 MB");
    expect(formatBytes(2048 * MB)).toBe("2.0 GB");
  });
});
