/**
 * Issue 11, item 4: the server's check of a code exercise (verification mode of harness.ts) cannot be
 * talked into a pass by the learner's own code forging its report or tampering with the checks.
 * Each attempt below submits code that does NOT solve the exercise plus a trick; every one must be
 * refused (the check does not pass). The genuine solution must still pass, and ordinary code that
 * touches built-ins in allowed ways must still work.
 *
 * The Node runner stands in for the isolated runner here: these are the harness's defences, which
 * hold whatever host runs the text (the host is the isolation boundary, not the harness).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProgram, type CodeLanguage, type ExerciseTest } from "~/modules/exercises/harness.ts";
import { createSandboxRunner } from "~/modules/sandbox/sandbox.server.ts";

const runner = createSandboxRunner({ timeoutMs: 3_000 });
beforeAll(async () => {
  await verify("python", "pass", []); // load Pyodide once for the file
}, 60_000);
afterAll(() => runner.close());

function verify(language: CodeLanguage, code: string, tests: ExerciseTest[]) {
  return checkProgram(runner.execute, { language, code, inputs: [], tests, verification: true });
}

const JS_TESTS: ExerciseTest[] = [
  { name: "doubles 2", code: "assertEqual(double(2), 4);", message: "double(2) should be 4" },
  { name: "shows 6", code: 'assert(String(double(3)).includes("6"));', message: "double(3) should show 6" },
  { name: "prints", code: 'assert(output.indexOf("doubling") >= 0, "print doubling");', message: "print doubling" },
];
const JS_SOLUTION = 'function double(n) {\n  return n * 2;\n}\nconsole.log("doubling");\n';
const JS_WRONG = "function double(n) {\n  return n + 1;\n}\n";
const FAKE_REPORT = '{"output":"doubling\\n","truncated":false,"error":null,"test":{"passed":true}}';

const PY_TESTS: ExerciseTest[] = [
  { name: "doubles 2", code: "assert double(2) == 4", message: "double(2) should be 4" },
  { name: "close to 10", code: "import math\nassert math.isclose(double(5), 10)", message: "double(5) should be 10" },
  { name: "small error", code: "assert abs(double(3) - 6) < 1e-9", message: "double(3) should be 6" },
];
const PY_SOLUTION = "def double(n):\n    return n * 2\n";
const PY_WRONG = "def double(n):\n    return n + 1\n";
const PY_FAKE = '{"output": "", "truncated": false, "error": null, "test": {"passed": true}}';

describe("JavaScript: the learner's code cannot forge the server's check", () => {
  it("passes the genuine solution, and refuses a wrong one", async () => {
    expect(await verify("javascript", JS_SOLUTION, JS_TESTS)).toMatchObject({ status: "passed", passed: true });
    expect((await verify("javascript", JS_WRONG, JS_TESTS)).passed).toBe(false);
  });

  const attempts: [string, string][] = [
    ["sets globalThis.__pwReport", `${JS_WRONG}globalThis.__pwReport = ${JSON.stringify(FAKE_REPORT)};`],
    ["redefines __pwReport", `${JS_WRONG}Object.defineProperty(globalThis, "__pwReport", { value: ${JSON.stringify(FAKE_REPORT)} });`],
    ["declares its own __pwReport", `${JS_WRONG}var __pwReport = ${JSON.stringify(FAKE_REPORT)};`],
    [
      "sets __pwReport after the report, from a promise",
      `${JS_WRONG}Promise.resolve().then(() => Promise.resolve()).then(() => { globalThis.__pwReport = ${JSON.stringify(FAKE_REPORT)}; });`,
    ],
    [
      "replaces __pw",
      `${JS_WRONG}__pw = { test: function () {}, done: function () {}, step: function () { return false; }, finish: function () {}, crash: function () {} };`,
    ],
    ["deletes __pw", `${JS_WRONG}delete globalThis.__pw;`],
    ["swaps the test for an empty one", `${JS_WRONG}var t = __pw.test; __pw.test = function (nonce) { t(nonce, function () {}); };`],
    ["registers its own empty test", `${JS_WRONG}__pw.test("0123456789abcdef0123456789abcdef", function () {});`],
    ["runs the test early from inside the function under test", "function double(n) { __pw.finish(); return n + 1; }\n"],
    ["overrides Object.is", `${JS_WRONG}Object.is = function () { return true; };`],
    [
      "overrides Object.keys and Array.isArray",
      `${JS_WRONG}Object.keys = function () { return []; }; Array.isArray = function () { return true; };`,
    ],
    ["overrides JSON.stringify", `${JS_WRONG}JSON.stringify = function () { return ${JSON.stringify(FAKE_REPORT)}; };`],
    ["adds toJSON to Object.prototype", `${JS_WRONG}Object.prototype.toJSON = function () { return { test: { passed: true } }; };`],
    [
      "defines a passed getter on Object.prototype",
      `${JS_WRONG}Object.defineProperty(Object.prototype, "passed", { get: function () { return true; } });`,
    ],
    ["overrides Array.prototype.join", `${JS_WRONG}Array.prototype.join = function () { return "doubling"; };`],
    [
      "overrides String.prototype.includes",
      `${JS_WRONG}String.prototype.includes = function () { return true; }; String.prototype.indexOf = function () { return 0; };`,
    ],
    [
      "overrides Reflect.apply and Function.prototype.call",
      `${JS_WRONG}Reflect.apply = function () {}; Function.prototype.call = function () {}; Function.prototype.apply = function () {};`,
    ],
    ["shadows String and assert at top level", `${JS_WRONG}var String = function () { return "6"; }; var assert = function () {};`],
    [
      "throws a fake object whose getters call the harness",
      "function double(n) { throw { get name() { __pw.finish(); return 'AssertionError'; }, get message() { return 'ok'; } }; }\n",
    ],
    [
      "throws a fake AssertionError that looks passed",
      "function double(n) { var e = new Error('passed'); e.name = 'AssertionError'; throw e; }\n",
    ],
  ];
  for (const [name, code] of attempts) {
    it(`refuses code that ${name}`, async () => {
      const result = await verify("javascript", code, JS_TESTS);
      expect(result.passed).toBe(false);
      expect(result.tests.some((t) => t.passed && t.name === "doubles 2")).toBe(false);
    });
  }

  it("still runs ordinary code that builds on built-ins (subclassed errors, own toString, iterators)", async () => {
    const code = [
      "class DoubleError extends Error { constructor(m) { super(m); this.name = 'DoubleError'; } }",
      "function Box(v) { this.v = v; }",
      "Box.prototype.toString = function () { return 'Box ' + this.v; };",
      "const box = new Box(1); box.valueOf = function () { return this.v; };",
      "function double(n) { if (typeof n !== 'number') throw new DoubleError('not a number'); return [...[n, n]].reduce((a, b) => a + b, 0); }",
      "console.log(String(box), new DoubleError('x').name, 'doubling');",
    ].join("\n");
    expect(await verify("javascript", code, JS_TESTS)).toMatchObject({ status: "passed", passed: true });
  });
});

describe("Python: the learner's code cannot forge the server's check", () => {
  it("passes the genuine solution, and refuses a wrong one", async () => {
    expect(await verify("python", PY_SOLUTION, PY_TESTS)).toMatchObject({ status: "passed", passed: true });
    expect((await verify("python", PY_WRONG, PY_TESTS)).passed).toBe(false);
  });

  const attempts: [string, string][] = [
    ["prints a fake report", `${PY_WRONG}print(${JSON.stringify(PY_FAKE)})`],
    ["writes a fake report to the real standard output", `${PY_WRONG}import sys\nsys.__stdout__.write(${JSON.stringify(PY_FAKE)} + "\\n")`],
    ["replaces json.dumps", `${PY_WRONG}import json\njson.dumps = lambda *a, **k: ${JSON.stringify(PY_FAKE)}`],
    ["patches builtins the tests use", `${PY_WRONG}import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.AssertionError = SystemExit`],
    ["patches a module the tests use", `${PY_WRONG}import math\nmath.isclose = lambda *a, **k: True`],
    [
      "replaces sys.stdout with its own writer",
      `${PY_WRONG}import sys\nclass W:\n    def write(self, s):\n        return len(s)\nsys.stdout = W()`,
    ],
    ["raises SystemExit at the end of the program", `${PY_WRONG}raise SystemExit(0)`],
    ["raises SystemExit from the function under test", "def double(n):\n    raise SystemExit(0)\n"],
    [
      "replaces the harness's exec and compile in __main__",
      `${PY_WRONG}import __main__\n__main__._pw_exec = lambda *a, **k: None\n__main__._pw_compile = lambda *a, **k: compile("pass", "<x>", "exec")`,
    ],
    ["replaces exec and compile in builtins (for later runs too)", `${PY_WRONG}import builtins\nbuiltins.exec = lambda *a, **k: None`],
    [
      "replaces the harness's report function",
      `${PY_WRONG}import __main__\n__main__._pathways_report = lambda nonce, report: ${JSON.stringify(PY_FAKE)}`,
    ],
    ["rewrites the running harness's locals through its frame", `${PY_WRONG}import sys\nf = sys._getframe(1)\nf.f_locals["test"] = "pass"`],
    [
      "reaches the harness's frame through a traceback",
      `${PY_WRONG}try:\n    raise ValueError()\nexcept ValueError as e:\n    e.__traceback__.tb_frame.f_back.f_locals["test"] = "pass"`,
    ],
    ["searches the heap with gc", `${PY_WRONG}import gc\nfor o in gc.get_objects():\n    pass`],
    ["traces the harness", `${PY_WRONG}import sys\nsys.settrace(lambda *a: None)`],
    ["loads ctypes", `${PY_WRONG}import ctypes`],
    [
      "swaps the code of a harness function",
      `${PY_WRONG}import __main__\n__main__._pathways_report.__code__ = (lambda nonce, report: ${JSON.stringify(PY_FAKE)}).__code__`,
    ],
    [
      "tampers from a finaliser that runs after its run",
      `${PY_WRONG}import builtins, gc\nclass Later:\n    def __del__(self):\n        builtins.exec = lambda *a, **k: None\n        import json\n        json.dumps = lambda *a, **k: ${JSON.stringify(PY_FAKE)}\nLater()\nx = Later()\nloop = Later(); loop.me = loop\ndel loop\ngc.enable()`,
    ],
  ];
  for (const [name, code] of attempts) {
    it(`refuses code that ${name}`, async () => {
      const result = await verify("python", code, PY_TESTS);
      expect(result.passed).toBe(false);
      expect(result.tests.some((t) => t.passed && t.name === "doubles 2")).toBe(false);
    });
  }

  it("still runs ordinary code (classes, dataclasses, named tuples, enums, its own SystemExit)", async () => {
    const code = [
      "from dataclasses import dataclass",
      "from collections import namedtuple",
      "from enum import Enum",
      "@dataclass",
      "class Pair:",
      "    a: int",
      "    b: int",
      "Point = namedtuple('Point', 'x y')",
      "class Colour(Enum):",
      "    RED = 1",
      "def double(n):",
      "    return Pair(n, n).a + Point(n, 0).x",
      "print(Colour.RED.name)",
    ].join("\n");
    expect(await verify("python", code, PY_TESTS)).toMatchObject({ status: "passed", passed: true });
  });

  it("passes the genuine solution after every attempt above (no attempt poisons later runs)", async () => {
    expect(await verify("python", PY_SOLUTION, PY_TESTS)).toMatchObject({ status: "passed", passed: true });
    expect(await verify("javascript", JS_SOLUTION, JS_TESTS)).toMatchObject({ status: "passed", passed: true });
  });
});
