/**
 * Issue 11, item 1: code written by authors (and, later, learners) never runs in the server's
 * process or with its privileges. Every attempt below runs in the real sandbox
 * (app/modules/sandbox/sandbox.server.ts) and must fail or be contained: each test checks that
 * what the attempt was after (a file's contents, a secret, a connection, a live server) was NOT
 * obtained, not merely that something errored.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTPUT_LIMIT_CHARS, runProgram, type CodeLanguage, type RunResult } from "~/modules/exercises/harness.ts";
import { createSandboxRunner } from "~/modules/sandbox/sandbox.server.ts";
import { databaseFile } from "~/utils/database-url.ts";

const LIMIT_MS = 1_500;
const runner = createSandboxRunner({ timeoutMs: LIMIT_MS });
const run = (language: CodeLanguage, code: string) => runProgram(runner.execute, { language, code, inputs: [] });

// A secret in the server's environment, a file only the server may read, and a port only the
// server's network namespace can reach.
const SECRET = `pathways-secret-${crypto.randomBytes(12).toString("hex")}`;
process.env.PATHWAYS_SANDBOX_TEST_SECRET = SECRET;
process.env.SESSION_SECRET ??= SECRET;
const DB_FILE = path.resolve(databaseFile());
const PACKAGE_JSON = path.resolve("package.json");
const PASSWD_LINE = /^root:[^:]*:0:0:/m;
let connections = 0;
const listener = net.createServer((socket) => {
  connections++;
  socket.end("HTTP/1.0 200 OK\r\n\r\nPATHWAYS-HOST-NETWORK\r\n");
});
let port = 0;

/** What must never appear in what a sandboxed program reports. */
function expectNothingLeaked(result: RunResult) {
  const seen = `${result.stdout}\n${result.error?.message ?? ""}`;
  expect(seen).not.toContain(SECRET);
  expect(seen).not.toMatch(PASSWD_LINE);
  expect(seen).not.toContain("SQLite format 3");
  expect(seen).not.toContain('"name": "pathways"');
  expect(seen).not.toContain("PATHWAYS-HOST-NETWORK");
  expect(seen).not.toMatch(/uid=\d+/);
  expect(seen).not.toContain("ESCAPED");
}

/**
 * JavaScript to run wherever an attempt reaches a JavaScript evaluator (QuickJS itself, or the
 * child's Node through Pyodide): it reports everything it can reach.
 */
const GRAB = `(() => {
  const r = [];
  const tryIt = (label, f) => { try { r.push(label + "=" + f()); } catch (e) { r.push(label + "!" + (e && (e.code || e.message))); } };
  tryIt("env", () => JSON.stringify(process.env));
  const mod = (name) => (process.getBuiltinModule ? process.getBuiltinModule(name) : require(name));
  tryIt("passwd", () => mod("fs").readFileSync("/etc/passwd", "utf8"));
  tryIt("db", () => mod("fs").readFileSync(${JSON.stringify(DB_FILE)}, "latin1").slice(0, 32));
  tryIt("pkg", () => mod("fs").readFileSync(${JSON.stringify(PACKAGE_JSON)}, "utf8"));
  tryIt("environ", () => mod("fs").readFileSync("/proc/1/environ", "latin1"));
  tryIt("id", () => mod("child_process").execSync("id").toString());
  tryIt("write", () => { mod("fs").writeFileSync("/tmp/x", "x"); return "wrote"; });
  return r.join("\\n");
})()`;

beforeAll(async () => {
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  port = (listener.address() as net.AddressInfo).port;
  expect(fs.readFileSync(DB_FILE, "latin1")).toContain("SQLite format 3"); // the file the attempts go after exists
}, 30_000);
afterAll(async () => {
  await runner.close();
  listener.close();
});

describe("JavaScript (QuickJS in the confined child)", () => {
  it("has no host objects: no process, require, module, Buffer, fetch, XMLHttpRequest, WebSocket", async () => {
    const names = ["process", "require", "module", "exports", "Buffer", "fetch", "XMLHttpRequest", "WebSocket", "Deno", "Bun", "std", "os"];
    const result = await run(
      "javascript",
      `console.log(${JSON.stringify(names)}.map((n) => n + ":" + typeof globalThis[n]).join(" "));\nconsole.log(Object.getOwnPropertyNames(globalThis).join(","));`,
    );
    expect(result.status).toBe("ran");
    for (const name of names) expect(result.stdout).toContain(`${name}:undefined`);
    expectNothingLeaked(result);
  });

  it("refuses constructor chains to Function (no code from strings, so no way to 'return process')", async () => {
    for (const code of [
      'console.log(this.constructor.constructor("return process")());',
      'console.log((function () {}).constructor("return this")().process);',
      'console.log(Object.getPrototypeOf(async function () {}).constructor("return process")());',
      'console.log([].map.constructor("return globalThis")().process.env);',
      'console.log(eval("typeof process"));',
      `console.log(new Function(${JSON.stringify(`return ${GRAB}`)})());`,
    ]) {
      const result = await run("javascript", code);
      expect(result.status, code).toBe("error");
      expect(result.error?.message, code).toMatch(/EvalError|TypeError|ReferenceError/);
      expectNothingLeaked(result);
    }
  });

  it("cannot require or import modules", async () => {
    const required = await run("javascript", 'const fs = require("fs");\nconsole.log(fs.readFileSync("/etc/passwd", "utf8"));');
    expect(required.error?.message).toMatch(/require/);
    expectNothingLeaked(required);
    const imported = await run(
      "javascript",
      'import("fs").then((fs) => console.log(fs.readFileSync("/etc/passwd", "utf8")), (e) => console.log("refused", String(e)));',
    );
    expect(imported.stdout).toContain("refused");
    expectNothingLeaked(imported);
  });

  it("is stopped at the time limit in an endless loop, and the next run works", async () => {
    const started = Date.now();
    expect((await run("javascript", "while (true) {}")).status).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 3_000);
    expect((await run("javascript", 'console.log("next")')).stdout).toBe("next\n");
  });

  it("is stopped by the memory limit or the time limit (memory bombs) without harming the server", async () => {
    // QuickJS refuses to grow past 64 MB; near the limit it may spin instead of throwing, and then
    // the time limit (or the parent's kill just after it) stops it.
    for (const code of [
      'const hoard = [];\nwhile (true) hoard.push("x".repeat(1000000) + hoard.length);',
      "const hoard = [];\nwhile (true) hoard.push(new Array(100000).fill(42));",
    ]) {
      const started = Date.now();
      const result = await run("javascript", code);
      expect(["error", "timeout"]).toContain(result.status);
      if (result.status === "error") expect(result.error?.message).toMatch(/memory/i);
      expect(Date.now() - started).toBeLessThan(LIMIT_MS + 5_000);
    }
    expect((await run("javascript", 'console.log("next")')).stdout).toBe("next\n");
  }, 60_000);

  it("reports deep recursion as an error", async () => {
    const result = await run("javascript", "function down(n) {\n  return down(n + 1) + 1;\n}\ndown(0);");
    expect(result).toMatchObject({ status: "error", error: { message: expect.stringMatching(/call stack|stack overflow/i) } });
  });

  it("caps huge output", async () => {
    const result = await run("javascript", 'const line = "x".repeat(100000);\nwhile (true) console.log(line);');
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(OUTPUT_LIMIT_CHARS);
  });
});

// Python starts in seconds, more on a busy machine, and again after an attempt that kills its child.
describe("Python (Pyodide in the confined child)", { timeout: 120_000 }, () => {
  const grab = JSON.stringify(GRAB);

  it("has no js or pyodide_js module, and run_js cannot reach the host", async () => {
    for (const code of [
      `import js\nprint(js.eval(${grab}))`,
      `import pyodide_js\nprint(pyodide_js.constructor.constructor("return " + ${grab})())`,
      `from pyodide.code import run_js\nprint(run_js(${grab}))`,
    ]) {
      const result = await run("python", code);
      expect(result.status, code).toBe("error");
      expectNothingLeaked(result);
    }
  });

  it("reaches at most the confined child through pyodide.ffi proxies: no secret, no files, no processes", async () => {
    // If Python reaches JavaScript at all, it is the child's Node: an empty environment, no files
    // but its own, child processes refused by Node's permissions and bubblewrap.
    const code = [
      "from pyodide.ffi import create_proxy, to_js",
      "import gc",
      "found = []",
      "for make in (lambda: create_proxy(lambda: 1), lambda: to_js([1, 2])):",
      "    try:",
      "        found.append(make())",
      "    except Exception as e:",
      "        print('no proxy:', type(e).__name__)",
      "found += [o for o in gc.get_objects() if type(o).__name__.startswith('Js')][:5]",
      "for proxy in found:",
      "    try:",
      `        print(proxy.constructor.constructor("return " + ${grab})())`,
      "    except Exception as e:",
      "        print('refused:', type(e).__name__, str(e)[:200])",
    ].join("\n");
    const result = await run("python", code);
    expectNothingLeaked(result);
  });

  it("cannot read files: /etc/passwd, the server's database, the repository's package.json", async () => {
    for (const file of ["/etc/passwd", DB_FILE, PACKAGE_JSON, "/proc/1/environ"]) {
      const result = await run("python", `print(open(${JSON.stringify(file)}, "rb").read(4096))`);
      expect(result.status, file).toBe("error");
      expectNothingLeaked(result);
    }
    const listing = await run(
      "python",
      "import os\nfor d in ('/', '/work', '/root', '/home', '/etc'):\n    try:\n        print(d, os.listdir(d))\n    except Exception as e:\n        print(d, type(e).__name__)",
    );
    expect(listing.stdout).not.toContain("node_modules");
    expect(listing.stdout).not.toContain("package.json");
    expectNothingLeaked(listing);
  });

  it("cannot see the server's environment", async () => {
    const result = await run("python", "import os\nprint(dict(os.environ))\nprint(os.environ.get('PATHWAYS_SANDBOX_TEST_SECRET'))");
    expect(result.status).toBe("ran");
    expect(result.stdout).toContain("None");
    expectNothingLeaked(result);
  });

  it("cannot run commands or fork (os.system, subprocess, fork bomb)", async () => {
    for (const code of [
      'import os\nprint(os.system("id > /tmp/pwned"), os.popen("id").read())',
      'import subprocess\nprint(subprocess.run(["id"], capture_output=True).stdout)',
      "import os\nwhile True:\n    os.fork()",
      'import subprocess\nsubprocess.Popen(["sh", "-c", ":(){ :|:& };:"])\nprint("ESCAPED")',
    ]) {
      const result = await run("python", code);
      expect(result.status, code).toBe("error");
      expectNothingLeaked(result);
    }
  });

  it("has no network: sockets and urllib reach nothing (the host's listener gets no connection)", async () => {
    for (const code of [
      `import socket\ns = socket.create_connection(("127.0.0.1", ${port}), timeout=1)\nprint(s.recv(100))`,
      `import urllib.request\nprint(urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=1).read())`,
    ]) {
      const result = await run("python", code);
      expect(result.status, code).not.toBe("ran");
      expectNothingLeaked(result);
    }
    expect(connections).toBe(0);
  });

  it("is stopped at the time limit in an endless loop, and the next run works", async () => {
    await run("python", "pass"); // Python loaded (a child retired by an earlier attempt restarts)
    const started = Date.now();
    expect((await run("python", "while True:\n    pass")).status).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(LIMIT_MS + 3_000);
    expect((await run("python", "print('next')")).stdout).toBe("next\n");
  }, 120_000);

  it("is killed by the memory watchdog (memory bomb), and the server lives on", async () => {
    const result = await run("python", "hoard = []\nwhile True:\n    hoard.append(bytearray(10_000_000))");
    expect(["error", "timeout"]).toContain(result.status);
    if (result.status === "error") expect(result.error?.message).toMatch(/memory/i);
    expect((await run("python", "print('next')")).stdout).toBe("next\n");
  }, 120_000);

  it("reports deep recursion as an error", async () => {
    const result = await run("python", "def down(n):\n    return down(n + 1) + 1\ndown(0)");
    expect(result).toMatchObject({ status: "error", error: { message: expect.stringMatching(/RecursionError|recursion/i) } });
  }, 60_000);

  it("caps huge output, even written past the harness (os.write, a giant exception)", async () => {
    // Written straight to file descriptor 1, output goes nowhere (not into the protocol); printed,
    // it is cut at the limit (or, on a very busy machine, the time limit comes first).
    const flood = await run("python", "import os\nos.write(1, b'x' * 100_000 + b'\\n')\nwhile True:\n    print('x' * 100_000)");
    expect(["error", "timeout"]).toContain(flood.status);
    expect(flood.stdout.length).toBeLessThanOrEqual(OUTPUT_LIMIT_CHARS);
    if (flood.status === "error") expect(flood.stdoutTruncated).toBe(true);
    // A report bigger than the parent reads (2 MB) is not read: the child is killed instead.
    const giant = await run("python", "raise Exception('y' * 5_000_000)");
    expect(["error", "timeout"]).toContain(giant.status);
    expect(giant.error!.message.length).toBeLessThan(10_000);
  }, 120_000);
});
