import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPersonalData } from "~/modules/auth/personal-data.server.ts";
import { createUser } from "../../../tests/factories/users.ts";
import { originCheck } from "../../../server/security.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { listMyMedia, mediaReadyForPublishing } from "./media.server.ts";
import { tinyMp4, tinyPdf, tinyPng, tinyVtt } from "./test-files.ts";
import { createUploadService, TUS_PATH } from "./tus.server.ts";

/**
 * The tus mount in a real HTTP server (the same middleware order as server/index.ts: the Origin
 * check, then the upload router), spoken to with raw tus requests and with tus-js-client.
 */

type Running = { origin: string; uploadsDir: string; service: ReturnType<typeof createUploadService>; close: () => Promise<void> };

async function startServer(options: { expiryMs?: number; quotaBytes?: number; uploadsDir?: string } = {}): Promise<Running> {
  const uploadsDir = options.uploadsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "pathways-uploads-"));
  const service = createUploadService({ uploadsDir, ...options });
  const app = express();
  app.use(originCheck(undefined));
  app.use(service.router);
  const server = app.listen(0);
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    uploadsDir,
    service,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cookieOf = (setCookie: string) => setCookie.split(";")[0]!;
const b64 = (value: string) => Buffer.from(value, "utf8").toString("base64");

function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

let server: Running;
let author: Awaited<ReturnType<typeof createUser>>;
let otherAuthor: Awaited<ReturnType<typeof createUser>>;
let learner: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startServer();
  author = await createUser({ roles: ["author"] });
  otherAuthor = await createUser({ roles: ["author"] });
  learner = await createUser();
});
afterAll(async () => {
  await server.close();
});

type CreateInput = { name: string; type: string; length: number; captionsFor?: string; cookie?: string; origin?: string | null };

function create(target: Running, input: CreateInput) {
  const metadata = [`filename ${b64(input.name)}`, `filetype ${b64(input.type)}`];
  if (input.captionsFor) metadata.push(`captionsFor ${b64(input.captionsFor)}`);
  const headers: Record<string, string> = {
    "Tus-Resumable": "1.0.0",
    "Upload-Length": String(input.length),
    "Upload-Metadata": metadata.join(","),
  };
  if (input.cookie) headers.Cookie = input.cookie;
  if (input.origin !== null) headers.Origin = input.origin ?? target.origin;
  return fetch(`${target.origin}${TUS_PATH}`, { method: "POST", headers });
}

function patch(target: Running, location: string, offset: number, bytes: Buffer, cookie?: string) {
  return fetch(new URL(location, target.origin), {
    method: "PATCH",
    headers: {
      "Tus-Resumable": "1.0.0",
      "Upload-Offset": String(offset),
      "Content-Type": "application/offset+octet-stream",
      Origin: target.origin,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new Uint8Array(bytes),
  });
}

function head(target: Running, location: string, cookie?: string) {
  return fetch(new URL(location, target.origin), {
    method: "HEAD",
    headers: { "Tus-Resumable": "1.0.0", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** Creates an upload as `who` and returns its Location. */
async function started(target: Running, who: { cookie: string }, input: Omit<CreateInput, "cookie">): Promise<string> {
  const res = await create(target, { ...input, cookie: cookieOf(who.cookie) });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.headers.get("location")!;
}

describe("who may upload", () => {
  it("refuses an anonymous upload before any byte is stored", async () => {
    const fresh = await startServer();
    try {
      const res = await create(fresh, { name: "intro.png", type: "image/png", length: tinyPng().length });
      expect(res.status).toBe(401);
      expect(await res.text()).toMatch(/sign in as a course author/i);
      expect(filesIn(fresh.uploadsDir)).toEqual([]);
      // Creation with the bytes in the same request is refused just the same.
      const withBody = await fetch(`${fresh.origin}${TUS_PATH}`, {
        method: "POST",
        headers: {
          "Tus-Resumable": "1.0.0",
          "Upload-Length": String(tinyPng().length),
          "Upload-Metadata": `filename ${b64("a.png")},filetype ${b64("image/png")}`,
          "Content-Type": "application/offset+octet-stream",
          Origin: fresh.origin,
        },
        body: new Uint8Array(tinyPng()),
      });
      expect(withBody.status).toBe(401);
      expect(filesIn(fresh.uploadsDir)).toEqual([]);
      expect(await prisma.mediaUpload.count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("refuses a learner (403) and stores nothing", async () => {
    const fresh = await startServer();
    try {
      const res = await create(fresh, { name: "intro.png", type: "image/png", length: 68, cookie: cookieOf(learner.cookie) });
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/only course authors/i);
      expect(filesIn(fresh.uploadsDir)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it("sits behind the Origin check: a request from another site is refused", async () => {
    const res = await create(server, {
      name: "a.png",
      type: "image/png",
      length: 68,
      cookie: cookieOf(author.cookie),
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/did not come from a Pathways page/);
    const noOrigin = await create(server, { name: "a.png", type: "image/png", length: 68, cookie: cookieOf(author.cookie), origin: null });
    expect(noOrigin.status).toBe(403);
  });

  it("lets nobody else touch an author's upload (HEAD, PATCH, DELETE)", async () => {
    const png = tinyPng();
    const location = await started(server, author, { name: "mine.png", type: "image/png", length: png.length });
    const other = cookieOf(otherAuthor.cookie);
    const theirHead = await head(server, location, other);
    expect(theirHead.status).toBe(403);
    const theirPatch = await patch(server, location, 0, png, other);
    expect(theirPatch.status).toBe(403);
    expect(await theirPatch.text()).toMatch(/belongs to another account/);
    const theirDelete = await fetch(new URL(location, server.origin), {
      method: "DELETE",
      headers: { "Tus-Resumable": "1.0.0", Origin: server.origin, Cookie: other },
    });
    expect(theirDelete.status).toBe(403);
    const anonymousPatch = await patch(server, location, 0, png);
    expect(anonymousPatch.status).toBe(401);
    const id = location.split("/").pop()!;
    expect(fs.statSync(path.join(server.uploadsDir, id)).size).toBe(0); // not a byte written
    // The owner can still finish it.
    const mine = await patch(server, location, 0, png, cookieOf(author.cookie));
    expect(mine.status).toBe(204);
  });
});

describe("a finished upload", () => {
  it("lands in the content-addressed media store and the author's media list", async () => {
    const png = tinyPng();
    const location = await started(server, author, { name: "Diagram.PNG", type: "image/png", length: png.length });
    const res = await patch(server, location, 0, png, cookieOf(author.cookie));
    expect(res.status).toBe(204);
    const hash = crypto.createHash("sha256").update(png).digest("hex");
    const stored = path.join(getEnv().MEDIA_DIR, `${hash}.png`);
    expect(fs.readFileSync(stored).equals(png)).toBe(true);
    expect(res.headers.get("pathways-media-url")).toBe(`/media/${hash}.png`);
    const id = location.split("/").pop()!;
    expect(filesIn(server.uploadsDir).filter((f) => f.startsWith(id))).toEqual([]);
    expect(await prisma.mediaUpload.findUnique({ where: { id } })).toBeNull();
    const media = await listMyMedia(author.id);
    expect(media).toContainEqual(
      expect.objectContaining({
        kind: "image",
        mime: "image/png",
        bytes: png.length,
        originalName: "Diagram.PNG",
        url: `/media/${hash}.png`,
      }),
    );
    expect(await listMyMedia(otherAuthor.id)).not.toContainEqual(expect.objectContaining({ originalName: "Diagram.PNG" }));
    // Part of the author's personal data export.
    expect((await exportPersonalData(author.id)).mediaAssets).toContainEqual(expect.objectContaining({ originalName: "Diagram.PNG" }));
  });

  it("resumes an interrupted upload from the offset the server reports", async () => {
    const mp4 = tinyMp4(20_000);
    const cookie = cookieOf(author.cookie);
    const location = await started(server, author, { name: "lesson.mp4", type: "video/mp4", length: mp4.length });
    const first = await patch(server, location, 0, mp4.subarray(0, 7000), cookie);
    expect(first.status).toBe(204);
    expect(first.headers.get("upload-offset")).toBe("7000");
    // The connection dropped: ask where to carry on.
    const status = await head(server, location, cookie);
    expect(status.status).toBe(200);
    expect(status.headers.get("upload-offset")).toBe("7000");
    expect(status.headers.get("upload-length")).toBe(String(mp4.length));
    // Sending from the wrong place is refused by tus (409) and changes nothing.
    expect((await patch(server, location, 6000, mp4.subarray(6000), cookie)).status).toBe(409);
    const rest = await patch(server, location, 7000, mp4.subarray(7000), cookie);
    expect(rest.status).toBe(204);
    const hash = crypto.createHash("sha256").update(mp4).digest("hex");
    expect(fs.readFileSync(path.join(getEnv().MEDIA_DIR, `${hash}.mp4`)).equals(mp4)).toBe(true);
    const media = await listMyMedia(author.id);
    expect(media).toContainEqual(expect.objectContaining({ kind: "video", mime: "video/mp4", bytes: mp4.length }));
  });

  it("goes on through another server process sharing the folder; a request still writing on the first is stopped", async () => {
    // Two upload services with nothing in common but the database and the uploads folder, as two
    // app processes behind a load balancer (docs/decisions/0054).
    const other = await startServer({ uploadsDir: server.uploadsDir });
    try {
      const mp4 = tinyMp4(20_000);
      const cookie = cookieOf(author.cookie);
      const location = await started(server, author, { name: "moved.mp4", type: "video/mp4", length: mp4.length });
      // A PATCH on the first server that sends 7,000 bytes and then hangs (a half-open connection).
      const url = new URL(location, server.origin);
      const hanging = http.request(url, {
        method: "PATCH",
        headers: {
          "Tus-Resumable": "1.0.0",
          "Upload-Offset": "0",
          "Content-Type": "application/offset+octet-stream",
          "Content-Length": String(mp4.length),
          Origin: server.origin,
          Cookie: cookie,
        },
      });
      const firstEnded = new Promise<string>((resolve) => {
        hanging.on("response", (res) => resolve(`answered ${res.statusCode}`));
        hanging.on("error", () => resolve("closed"));
      });
      let firstEndedAt = 0;
      void firstEnded.then(() => (firstEndedAt = Date.now()));
      hanging.write(mp4.subarray(0, 7000));
      await new Promise((resolve) => setTimeout(resolve, 500));

      // The client carries on through the other server: HEAD, then PATCH from the offset it says.
      const status = await head(other, location, cookie);
      expect(status.status).toBe(200);
      expect(firstEndedAt, "the first server's request was asked to stop before the upload moved").toBeGreaterThan(0);
      await firstEnded;
      const offset = Number(status.headers.get("upload-offset"));
      expect(offset).toBe(7000);
      const rest = await patch(other, location, offset, mp4.subarray(offset), cookie);
      expect(rest.status, await rest.clone().text()).toBe(204);
      const hash = crypto.createHash("sha256").update(mp4).digest("hex");
      expect(fs.readFileSync(path.join(getEnv().MEDIA_DIR, `${hash}.mp4`)).equals(mp4)).toBe(true);
      expect(await prisma.uploadLock.count({ where: { uploadId: location.split("/").pop()! } })).toBe(0);
      hanging.destroy();
    } finally {
      await other.close();
    }
  });

  it("works with tus-js-client, aborted half-way and resumed", async () => {
    const mp4 = tinyMp4(300_000);
    const cookie = cookieOf(author.cookie);
    const options = {
      endpoint: `${server.origin}${TUS_PATH}`,
      chunkSize: 50_000,
      retryDelays: null,
      metadata: { filename: "resumed.mp4", filetype: "video/mp4" },
      headers: { Cookie: cookie, Origin: server.origin },
    };
    let url = "";
    await new Promise<void>((resolve, reject) => {
      const upload = new tus.Upload(mp4, {
        ...options,
        onChunkComplete: (_chunk, accepted) => {
          if (accepted >= 100_000) {
            url = upload.url!;
            void upload.abort().then(resolve);
          }
        },
        onError: reject,
      });
      upload.start();
    });
    const offset = Number((await head(server, url, cookie)).headers.get("upload-offset"));
    expect(offset).toBeGreaterThanOrEqual(100_000);
    expect(offset).toBeLessThan(mp4.length);
    const sent: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const upload = new tus.Upload(mp4, {
        ...options,
        uploadUrl: url,
        onProgress: (bytes) => sent.push(bytes),
        onSuccess: () => resolve(),
        onError: reject,
      });
      upload.start();
    });
    expect(Math.min(...sent)).toBeGreaterThanOrEqual(offset); // carried on, did not start again
    expect(await listMyMedia(author.id)).toContainEqual(expect.objectContaining({ originalName: "resumed.mp4", bytes: mp4.length }));
  });
});

describe("limits", () => {
  it("refuses an oversized Upload-Length at creation, per kind", async () => {
    const cookie = cookieOf(author.cookie);
    const image = await create(server, { name: "huge.png", type: "image/png", length: 11 * 1024 * 1024, cookie });
    expect(image.status).toBe(413);
    expect(await image.text()).toMatch(/a image can be at most 10\.0 MB|can be at most 10\.0 MB/);
    const video = await create(server, { name: "film.mp4", type: "video/mp4", length: 600 * 1024 * 1024, cookie });
    expect(video.status).toBe(413);
    expect(await video.text()).toMatch(/500\.0 MB/);
    const pdf = await create(server, { name: "notes.pdf", type: "application/pdf", length: 26 * 1024 * 1024, cookie });
    expect(pdf.status).toBe(413);
  });

  it("refuses types it does not accept, and a name that contradicts the declared type", async () => {
    const cookie = cookieOf(author.cookie);
    const exe = await create(server, { name: "setup.exe", type: "application/x-msdownload", length: 100, cookie });
    expect(exe.status).toBe(415);
    expect(await exe.text()).toMatch(/not a type you can upload/);
    const mismatch = await create(server, { name: "clip.mp4", type: "image/png", length: 100, cookie });
    expect(mismatch.status).toBe(415);
  });

  it("refuses an upload that would go over the author's quota", async () => {
    const small = await startServer({ quotaBytes: 100_000 });
    try {
      const quotaAuthor = await createUser({ roles: ["author"] });
      await started(small, quotaAuthor, { name: "one.mp4", type: "video/mp4", length: 60_000 });
      const res = await create(small, { name: "two.mp4", type: "video/mp4", length: 60_000, cookie: cookieOf(quotaAuthor.cookie) });
      expect(res.status).toBe(413);
      expect(await res.text()).toMatch(/over your .* storage limit: you have 39 KB left/);
      expect(await prisma.mediaUpload.count({ where: { ownerId: quotaAuthor.id } })).toBe(1);
    } finally {
      await small.close();
    }
  });
});

describe("type by content", () => {
  it("refuses and deletes a PNG disguised as an .mp4", async () => {
    const png = tinyPng();
    const location = await started(server, author, { name: "disguised.mp4", type: "video/mp4", length: png.length });
    const res = await patch(server, location, 0, png, cookieOf(author.cookie));
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/named as a MP4 video but its content is PNG image\. It has been deleted/);
    const id = location.split("/").pop()!;
    expect(filesIn(server.uploadsDir).filter((f) => f.startsWith(id))).toEqual([]);
    expect(await prisma.mediaUpload.findUnique({ where: { id } })).toBeNull();
    expect(await listMyMedia(author.id)).not.toContainEqual(expect.objectContaining({ originalName: "disguised.mp4" }));
  });

  it("stops a disguised file once its first bytes are in, before the rest is sent", async () => {
    const text = Buffer.from("This is only text pretending to be a PDF. ".repeat(500));
    const cookie = cookieOf(author.cookie);
    const location = await started(server, author, { name: "worksheet.pdf", type: "application/pdf", length: text.length });
    expect((await patch(server, location, 0, text.subarray(0, 5000), cookie)).status).toBe(204);
    const next = await patch(server, location, 5000, text.subarray(5000), cookie);
    expect(next.status).toBe(415);
    expect(await next.text()).toMatch(/does not contain a PDF document/);
    const id = location.split("/").pop()!;
    expect(filesIn(server.uploadsDir).filter((f) => f.startsWith(id))).toEqual([]);
  });

  it("accepts a PDF, and WebVTT captions attached to the author's own video", async () => {
    const cookie = cookieOf(author.cookie);
    const mp4 = tinyMp4(1000);
    const videoLocation = await started(server, author, { name: "needs-captions.mp4", type: "video/mp4", length: mp4.length });
    expect((await patch(server, videoLocation, 0, mp4, cookie)).status).toBe(204);
    const video = (await listMyMedia(author.id)).find((m) => m.originalName === "needs-captions.mp4")!;
    expect(await mediaReadyForPublishing([video.id])).toEqual({
      ready: false,
      videosWithoutCaptions: [{ id: video.id, originalName: "needs-captions.mp4" }],
      unknown: [],
    });

    // Captions must name a video of the uploader's own.
    const strangers = await create(server, {
      name: "c.vtt",
      type: "text/vtt",
      length: tinyVtt().length,
      captionsFor: video.id,
      cookie: cookieOf(otherAuthor.cookie),
    });
    expect(strangers.status).toBe(400);
    const vtt = tinyVtt();
    const captionsLocation = await started(server, author, {
      name: "captions.vtt",
      type: "text/vtt",
      length: vtt.length,
      captionsFor: video.id,
    });
    expect((await patch(server, captionsLocation, 0, vtt, cookie)).status).toBe(204);
    const after = (await listMyMedia(author.id)).find((m) => m.id === video.id)!;
    expect(after.captions).toEqual([expect.objectContaining({ originalName: "captions.vtt" })]);
    expect(await mediaReadyForPublishing([video.id, "no-such-asset"])).toEqual({
      ready: false,
      videosWithoutCaptions: [],
      unknown: ["no-such-asset"],
    });
    expect((await mediaReadyForPublishing([video.id])).ready).toBe(true);

    const pdf = tinyPdf();
    const pdfLocation = await started(server, author, { name: "handout.pdf", type: "application/pdf", length: pdf.length });
    expect((await patch(server, pdfLocation, 0, pdf, cookie)).status).toBe(204);
    expect(await listMyMedia(author.id)).toContainEqual(expect.objectContaining({ kind: "document", mime: "application/pdf" }));
  });
});

describe("cleanup", () => {
  it("deletes abandoned uploads once they expire, bytes and rows", async () => {
    const short = await startServer({ expiryMs: 300 });
    try {
      const cookie = cookieOf(author.cookie);
      const mp4 = tinyMp4(10_000);
      const location = await started(short, author, { name: "abandoned.mp4", type: "video/mp4", length: mp4.length });
      expect((await patch(short, location, 0, mp4.subarray(0, 4000), cookie)).status).toBe(204);
      const id = location.split("/").pop()!;
      expect(filesIn(short.uploadsDir).sort()).toEqual([id, `${id}.json`]);
      await short.service.cleanUp(); // not expired yet: kept
      expect(filesIn(short.uploadsDir).sort()).toEqual([id, `${id}.json`]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      // (Other tests' unfinished uploads share the database, so the count may be higher.)
      expect(await short.service.cleanUp()).toBeGreaterThanOrEqual(1);
      expect(filesIn(short.uploadsDir)).toEqual([]);
      expect(await prisma.mediaUpload.findUnique({ where: { id } })).toBeNull();
      expect((await head(short, location, cookie)).status).toBe(404);
    } finally {
      await short.close();
    }
  });
});
