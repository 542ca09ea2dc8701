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
    const statuses: number[] = [];
    const ips = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`http://127.0.0.1:${proxyPort}/sign-in`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": `198.51.100.${i}, 203.0.113.${i}` },
        body: JSON.stringify({ email: user.email, password: "wrong guess" }),
      });
      statuses.push(response.status);
      ips.add(((await response.json()) as { ip: string }).ip);
    }
    expect([...ips]).toEqual(["127.0.0.1"]);
    expect(statuses.filter((s) => s === 400)).toHaveLength(GATE_RULES.pair.freeAttempts);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - GATE_RULES.pair.freeAttempts);
  });

  it('refuses TRUST_PROXY="true" at boot', () => {
    expect(() => appFor("true")).toThrow(/must not be "true"/);
  });
});
