import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "~/modules/auth/session.server.ts";
import { bookPlace } from "~/modules/events/bookings.server.ts";
import { JobKind, JobStatus } from "~/modules/jobs/jobs.ts";
import { enqueue } from "~/modules/jobs/queue.server.ts";
import { tinyMp4 } from "~/modules/uploads/test-files.ts";
import { prisma } from "~/utils/db.server.ts";
import { createEvent } from "../factories/events.ts";
import { createUser } from "../factories/users.ts";
import { collectOutput, serverProcessEnv, stopProcessGroup, waitForHealth } from "../setup/server-process.ts";

/**
 * Issue 14: two app processes (the production build, `NODE_ENV=production`) on one database, this
 * file's own (PostgreSQL in the PostgreSQL pass, SQLite otherwise), sharing the media, uploads and
 * keys folders as servers behind a load balancer share a volume. Nothing may depend on being the
 * only process: a session made on one works on the other, a rate limit counts requests to both, a
 * tus upload started on one finishes on the other, 50 bookings for the last 5 places sent to both
 * give exactly 5 places, and their job workers do 1,000 jobs exactly once.
 * It starts the production build, which `npm test` makes before Vitest runs (`npm run build`).
 */
const root = path.resolve(import.meta.dirname, "../..");
const JOBS = 1000;

type AppProcess = { name: string; base: string; outbox: string; stop: () => void; output: () => string };

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startApp(name: string, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const dir = path.join(process.env.PATHWAYS_TEST_DIR!, `${name}-${crypto.randomBytes(4).toString("hex")}`);
  const outbox = path.join(dir, "outbox");
  const env: NodeJS.ProcessEnv = {
    ...serverProcessEnv(dir, port),
    SECURE_COOKIES: "false",
    DATABASE_URL: process.env.DATABASE_URL,
    // Shared by both, like a volume every server mounts.
    MEDIA_DIR: process.env.MEDIA_DIR,
    UPLOADS_DIR: process.env.UPLOADS_DIR,
    KEYS_DIR: process.env.KEYS_DIR,
    // Each its own outbox (no SMTP_URL), so what each server sent can be counted.
    OUTBOX_DIR: outbox,
    JOB_POLL_MS: "100",
    ...extraEnv,
    NODE_ENV: "production",
  };
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["server/index.ts"], { cwd: root, env, stdio: "pipe", detached: true });
  const output = collectOutput(child);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, output);
  return { name, base, outbox, stop: () => stopProcessGroup(child), output };
}

let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  // b listens on loopback only (HOST), as behind nginx on the same machine; a on every interface.
  [a, b] = await Promise.all([startApp("app-a"), startApp("app-b", { HOST: "127.0.0.1" })]);
}, 120_000);

afterAll(() => {
  a?.stop();
  b?.stop();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

async function signIn(app: AppProcess, email: string, password: string): Promise<string> {
  const res = await fetch(`${app.base}/sign-in`, {
    method: "POST",
    body: form({ email, password, redirectTo: "" }),
    redirect: "manual",
    headers: { Origin: app.base },
  });
  expect(res.status, await res.clone().text()).toBe(302);
  return res.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .join("; ");
}

function tus(app: AppProcess, url: string, method: string, cookie: string, headers: Record<string, string> = {}, body?: Buffer) {
  return fetch(new URL(url, app.base), {
    method,
    headers: { "Tus-Resumable": "1.0.0", Origin: app.base, Cookie: cookie, ...headers },
    body: body ? new Uint8Array(body) : undefined,
  });
}

describe("two app processes on one database", () => {
  it("listen where HOST says: every interface by default, only 127.0.0.1 when set", async () => {
    // 127.0.0.2 is another loopback address on Linux: a socket bound to 127.0.0.1 does not answer it.
    const other = (app: AppProcess) => app.base.replace("127.0.0.1", "127.0.0.2");
    expect((await fetch(`${other(a)}/healthz`)).status).toBe(200);
    await expect(fetch(`${other(b)}/healthz`)).rejects.toThrow();
    expect((await fetch(`${b.base}/healthz`)).status).toBe(200);
  });

  it("share sessions: signed in on one, the other knows who is asking; signed out on one, both forget", async () => {
    const teacher = await createUser();
    const cookie = await signIn(a, teacher.email, teacher.password);
    for (const app of [a, b]) {
      const res = await fetch(`${app.base}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.status, `${app.name}\n${app.output()}`).toBe(200);
      expect(await res.text()).toContain(teacher.email);
    }
    const out = await fetch(`${b.base}/sign-out`, { method: "POST", headers: { Cookie: cookie, Origin: b.base }, redirect: "manual" });
    expect(out.status).toBe(302);
    const after = await fetch(`${a.base}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toContain("/sign-in");
  }, 60_000);

  it("hold a rate limit across both: the certificate lookups from one address are counted together", async () => {
    // VERIFY_RATE_LIMIT is 60 a minute per address; alternate between the two servers. (One listens
    // on IPv4 only and sees 127.0.0.1, the other on IPv6 and sees ::ffff:127.0.0.1: one address.)
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      const app = i % 2 === 0 ? a : b;
      const res = await fetch(`${app.base}/verify/PW-NOT-A-REAL-ONE-${i}`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 60).filter((status) => status === 429)).toEqual([]);
    expect(statuses[60]).toBe(429);
    // Spent on both: the other server refuses the next one too.
    expect((await fetch(`${a.base}/verify/PW-NOT-A-REAL-ONE-X`)).status).toBe(429);
  }, 60_000);

  it("let a tus upload started on one finish on the other", async () => {
    const author = await createUser({ roles: ["author"] });
    const cookie = await signIn(a, author.email, author.password);
    const mp4 = tinyMp4(40_000);
    const metadata = `filename ${Buffer.from("shared.mp4").toString("base64")},filetype ${Buffer.from("video/mp4").toString("base64")}`;
    const created = await tus(a, "/uploads/tus", "POST", cookie, { "Upload-Length": String(mp4.length), "Upload-Metadata": metadata });
    expect(created.status, await created.clone().text()).toBe(201);
    const location = created.headers.get("location")!;
    const patchHeaders = (offset: number) => ({ "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" });
    // The first 15,000 bytes go to one server, and then the connection hangs (half-open).
    const hanging = http.request(new URL(location, a.base), {
      method: "PATCH",
      headers: { "Tus-Resumable": "1.0.0", Origin: a.base, Cookie: cookie, ...patchHeaders(0), "Content-Length": String(mp4.length) },
    });
    let firstEndedAt = 0;
    hanging.on("response", () => (firstEndedAt ||= Date.now()));
    hanging.on("error", () => (firstEndedAt ||= Date.now()));
    hanging.write(mp4.subarray(0, 15_000));
    await new Promise((resolve) => setTimeout(resolve, 500));

    // The client carries on through the other server, which asks the first to let go (ADR 0054).
    const status = await tus(b, location, "HEAD", cookie);
    expect(status.status).toBe(200);
    expect(firstEndedAt, "the first server's request ended before the upload moved").toBeGreaterThan(0);
    expect(status.headers.get("upload-offset")).toBe("15000");
    const rest = await tus(b, location, "PATCH", cookie, patchHeaders(15_000), mp4.subarray(15_000));
    expect(rest.status, await rest.clone().text()).toBe(204);
    const mediaId = rest.headers.get("pathways-media-id")!;
    const asset = await prisma.mediaAsset.findUniqueOrThrow({ where: { id: mediaId } });
    expect(asset).toMatchObject({ ownerId: author.id, kind: "video", bytes: mp4.length });
    // Both servers serve it from the shared media folder.
    const mediaUrl = rest.headers.get("pathways-media-url")!;
    for (const app of [a, b]) {
      const res = await fetch(`${app.base}${mediaUrl}`, { headers: { Cookie: cookie } });
      expect(res.status, app.name).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(mp4)).toBe(true);
    }
    hanging.destroy();
  }, 60_000);

  it("give 50 teachers who book the last 5 places at once, half on each, exactly 5 places and 45 waiting-list places", async () => {
    const eventId = await createEvent({ capacity: 50 });
    const tag = crypto.randomBytes(4).toString("hex");
    const person = async (i: number) =>
      (
        await prisma.user.create({
          data: {
            email: `rush-${i}-${tag}@school.example`,
            name: `Teacher ${i}`,
            passwordHash: "x",
            organisationName: "A School",
            organisationType: "primary-school",
            roleInSchool: "class-teacher",
          },
        })
      ).id;
    for (let i = 0; i < 45; i++) await bookPlace({ userId: await person(i), eventId, form: {}, origin: a.base });
    const cookies = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => (await createUserSession(await person(45 + i))).split(";")[0]!),
    );
    const answers = await Promise.all(
      cookies.map(async (cookie, i) => {
        const app = i % 2 ? b : a;
        const res = await fetch(`${app.base}/events/${eventId}`, {
          method: "POST",
          body: form({ intent: "book" }),
          redirect: "manual",
          headers: { Origin: app.base, Cookie: cookie },
        });
        return `${res.status} ${res.headers.get("location") ?? (await res.text()).slice(0, 200)}`;
      }),
    );
    const count = (suffix: string) => answers.filter((answer) => answer === `302 /events/${eventId}?booked=${suffix}`).length;
    expect({ confirmed: count("confirmed"), waiting: count("waiting") }, answers.join("\n")).toEqual({ confirmed: 5, waiting: 45 });
    expect(await prisma.eventBooking.count({ where: { eventId, status: "confirmed" } })).toBe(50);
    const queue = await prisma.eventBooking.findMany({
      where: { eventId, status: "waiting" },
      orderBy: [{ waitingSince: "asc" }, { id: "asc" }],
    });
    expect(queue).toHaveLength(45);
  }, 60_000);

  it("do 1,000 jobs between them, each exactly once", async () => {
    const sentBefore = (app: AppProcess) => (fs.existsSync(app.outbox) ? fs.readdirSync(app.outbox).length : 0);
    // Earlier tests' emails (the 95 booking confirmations) are jobs too: let the workers finish every
    // job that is due first, so that every message counted from here on is one of this test's.
    const earlier = { status: { in: [JobStatus.pending, JobStatus.running] }, runAt: { lte: new Date() } };
    const drainBy = Date.now() + 60_000;
    while ((await prisma.job.count({ where: earlier })) > 0 && Date.now() < drainBy) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await prisma.job.count({ where: earlier }), "earlier emails still waiting").toBe(0);
    const before = sentBefore(a) + sentBefore(b);
    const started = Date.now();
    for (let i = 0; i < JOBS; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          enqueue(
            JobKind.email,
            { to: `bulk${i + j}@school.example`, subject: "Two servers", text: "Hello" },
            { key: `two-apps:${i + j}` },
          ),
        ),
      );
    }
    const deadline = Date.now() + 150_000;
    const bulk = { key: { startsWith: "two-apps:" } };
    while ((await prisma.job.count({ where: { ...bulk, status: JobStatus.done } })) < JOBS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const seconds = (Date.now() - started) / 1000;
    expect(await prisma.job.count({ where: { ...bulk, status: JobStatus.done } }), `${a.output()}\n${b.output()}`).toBe(JOBS);
    expect(await prisma.job.count({ where: { ...bulk, attempts: { not: 1 } } })).toBe(0);

    const recipients = (app: AppProcess) =>
      fs
        .readdirSync(app.outbox)
        .map((file) => JSON.parse(fs.readFileSync(path.join(app.outbox, file), "utf8")) as { to: string; subject: string })
        .filter((message) => message.subject === "Two servers")
        .map((message) => message.to);
    const byA = recipients(a);
    const byB = recipients(b);
    console.info(
      `[two-apps] ${JOBS} jobs in ${seconds.toFixed(1)} s on ${process.env.PATHWAYS_TEST_DATABASE ?? "sqlite"}: a ${byA.length}, b ${byB.length}`,
    );
    expect(byA.length + byB.length).toBe(JOBS);
    expect(new Set([...byA, ...byB]).size).toBe(JOBS);
    expect(sentBefore(a) + sentBefore(b) - before).toBe(JOBS);
    // Both servers' workers took part.
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);
  }, 260_000);
});
