/**
 * Rotating X-Forwarded-For must not buy an attacker a fresh per-address allowance (issue 11,
 * item 6). Real HTTP: a client, a reverse proxy that appends the address it sees (as nginx's
 * $proxy_add_x_forwarded_for does), and an Express app configured as server/index.ts configures it
 * from TRUST_PROXY, whose sign-in calls the real throttled signIn with `req.ip`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../factories/users.ts";
import { signIn } from "~/modules/auth/account.server.ts";
import { GATE_RULES } from "~/modules/auth/throttle.ts";
import { prisma } from "~/utils/db.server.ts";
import { parseTrustProxy } from "~/utils/trust-proxy.ts";

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function appFor(trustProxy: string) {
  const parsed = parseTrustProxy(trustProxy);
  if (!parsed.ok) throw new Error(parsed.message);
  const app = express();
  app.set("trust proxy", parsed.value);
  app.post("/sign-in", express.json(), async (req, res) => {
    const body = req.body as { email: string; password: string };
    const result = await signIn(body.email, body.password, req.ip ?? "unknown");
    res.status(result.ok ? 200 : result.reason === "throttled" ? 429 : 400).json({ ip: req.ip });
  });
  return http.createServer(app);
}

/** A reverse proxy in front of `targetPort`: passes the client's X-Forwarded-For on, with the client's address appended. */
function proxyTo(targetPort: number) {
  return http.createServer((req, res) => {
    const seen = req.socket.remoteAddress ?? "";
    const forwarded = req.headers["x-forwarded-for"] ? `${String(req.headers["x-forwarded-for"])}, ${seen}` : seen;
    const upstream = http.request(
      { host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers: { ...req.headers, "x-forwarded-for": forwarded } },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(upstream);
  });
}

const servers: http.Server[] = [];
let proxyPort = 0;

beforeAll(async () => {
  const app = appFor("1");
  servers.push(app);
  const proxy = proxyTo(await listen(app));
  servers.push(proxy);
  proxyPort = await listen(proxy);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("TRUST_PROXY=1 behind one proxy", () => {
  it("sees the client's real address whatever X-Forwarded-For it sends, so rotating it does not bypass the throttle", async () => {
    const user = await createUser();
    // Twelve guesses at once, each claiming to come from somewhere new.
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        fetch(`http://127.0.0.1:${proxyPort}/sign-in`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i}, 203.0.113.${i}` },
          body: JSON.stringify({ email: user.email, password: "wrong guess" }),
        }),
      ),
    );
    const ips = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { ip: string }).ip)));
    expect([...ips]).toEqual(["127.0.0.1"]);
    // Every guess was counted against the one real address, none against the invented ones.
    const gates = await prisma.signInGate.findMany({ where: { key: { contains: user.email } }, select: { key: true } });
    expect(gates.map((g) => g.key).sort()).toEqual([`account:${user.email}`, `pair:${user.email} 127.0.0.1`]);
    expect(
      await prisma.signInGate.count({ where: { OR: [{ key: { contains: "198.51.100." } }, { key: { contains: "203.0.113." } }] } }),
    ).toBe(0);
    // Each checked guess counted on that one gate; after its free attempts, guesses wait (how many
    // depends on how fast they arrive: the exact burst count is tests/security/throttle.test.ts's).
    const pair = await prisma.signInGate.findUniqueOrThrow({ where: { key: `pair:${user.email} 127.0.0.1` } });
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(pair.attempts);
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    expect(pair.attempts).toBeGreaterThanOrEqual(GATE_RULES.pair.freeAttempts);
  });

  it('refuses TRUST_PROXY="true" at boot', () => {
    expect(() => appFor("true")).toThrow(/must not be "true"/);
  });
});
