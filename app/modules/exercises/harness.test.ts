import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkProgram,
  interpretRun,
  learnerLine,
  OUTPUT_LIMIT_CHARS,
  prepareRun,
  runCompletesActivity,
  runProgram,
  type CodeLanguage,
} from "./harness.ts";
import { createSandboxRunner } from "../sandbox/sandbox.server.ts";

// The same harness the browser uses, hosted in the server's sandbox (a confined child process):
// JavaScript in QuickJS, Python in Pyodide.
// A short time limit keeps the endless-loop cases quick.
const runner = createSandboxRunner({ timeoutMs: 1_500 });
const run = (language: CodeLanguage, code: string, inputs: string[] = []) => runProgram(runner.execute, { language, code, inputs });
const check = (language: CodeLanguage, code: string, tests: { name: string; code: string; message: string }[], inputs: string[] = []) =>
  checkProgram(runner.execute, { language, code, inputs, tests });

beforeAll(async () => {
  await run("python", "pass"); // load Pyodide once for the file
}, 60_000);
afterAll(() => runner.close());

describe("program texts", () => {
  it("are plain strings that place the learner's code where the layout says", () => {
    const js = prepareRun("javascript", "let a = 1;\nlet b = 2;", "assert(a + b === 3);", ["x"]);
    const lines = js.text.split("\n");
    expect(lines[js.layout.codeStart - 1]).toBe("let a = 1;");
    expect(lines[js.layout.codeStart]).toBe("let b = 2;");
    expect(lines[js.layout.testStart! - 1]).toBe("assert(a + b === 3);");
    const py = prepareRun("python", 'print("hi")', null, []);
    expect(py.text).toContain('_pathways_run("print(\\"hi\\")", None, [], 100000)');
    expect(py.layout).toEqual({ codeStart: 1, codeLines: 1, testStart: null, testLines: 0 });
  });

  it("map stack traces and host line numbers back to the learner's lines", () => {
    const layout = { codeStart: 2, codeLines: 3, testStart: 6, testLines: 1 };
    const stack = "Error: boom\n    at f (blob:null/abc:3:9)\n    at blob:null/abc:6:1";
    expect(learnerLine(layout, { stack })).toBe(2);
    expect(learnerLine(layout, { line: 4 })).toBe(3);
    expect(learnerLine(layout, { line: 1 })).toBeNull(); // the prelude is not the learner's
    expect(learnerLine(layout, { stack: "Error\n    at exercise.js:7:3" })).toBeNull(); // the test's line
  });

  it("read every raw outcome a host can report", () => {
    const prepared = prepareRun("javascript", "x", null, []);
    expect(interpretRun(prepared, { kind: "timeout" })).toMatchObject({
      timedOut: true,
      error: { message: expect.stringContaining("5 seconds") },
    });
    expect(interpretRun(prepared, { kind: "stopped" })).toMatchObject({ stopped: true, error: { message: "You stopped the program." } });
    expect(interpretRun(prepared, { kind: "crash", message: "Uncaught SyntaxError: Unexpected token", line: 2 })).toMatchObject({
      error: { message: "SyntaxError: Unexpected token", line: 1 },
    });
    expect(interpretRun(prepared, { kind: "report", report: "not json" }).error?.message).toContain("could not be read");
  });
});

describe.each(["python", "javascript"] as const)("%s", (language) => {
  const py = language === "python";
  const src = {
    print: py ? 'print("Hello", 42)\nprint([1, 2])' : 'console.log("Hello", 42);\nconsole.log([1, 2]);',
    printed: py ? "Hello 42\n[1, 2]\n" : "Hello 42\n[ 1, 2 ]\n",
    input: py ? 'name = input("Name? ")\nprint("Hi", name)' : 'const name = prompt("Name? ");\nconsole.log("Hi", name);',
    error: py ? "x = 1\ny = x + z\n" : "let x = 1;\nlet y = x + z;\n",
    errorMessage: py ? "NameError: name 'z' is not defined" : "ReferenceError: z is not defined",
    syntax: py ? "x = 1\nif x\n    print(x)\n" : "let x = 1;\nif (x {\n}\n",
    loop: py ? "while True:\n    pass\n" : "while (true) {}\n",
    flood: py ? "while True:\n    print('x' * 1000)\n" : "while (true) console.log('x'.repeat(1000));\n",
    add: py
      ? "def add(a, b):\n    return a + b\nprint(add(1, 2))\n"
      : "function add(a, b) {\n  return a + b;\n}\nconsole.log(add(1, 2));\n",
    addWrong: py ? "def add(a, b):\n    return a - b\n" : "function add(a, b) {\n  return a - b;\n}\n",
    testAdds: py ? 'assert add(2, 3) == 5, f"add(2, 3) gave {add(2, 3)}"' : "assertEqual(add(2, 3), 5);",
    wrongDetail: py ? "add(2, 3) gave -1" : "expected 5 but got -1",
    testOutput: py ? 'assert output == "3\\n"' : 'assert(output === "3\\n");',
    counter: py ? "count = 0\ncount = count + 1\n" : "var count = 0;\ncount = count + 1;\n",
    testCounter: py ? "assert count == 1" : "assert(count === 1);",
    missing: py ? "assert add(1, 1) == 2" : "assert(add(1, 1) === 2);",
    missingDetail: py ? "NameError: name 'add' is not defined" : "ReferenceError: add is not defined",
  };

  it("captures what the program prints", async () => {
    expect(await run(language, src.print)).toMatchObject({ status: "ran", stdout: src.printed, error: null });
  });

  it("feeds the inputs to input()/prompt() in order and shows them in the output", async () => {
    expect((await run(language, src.input, ["Ada"])).stdout).toBe("Name? Ada\nHi Ada\n");
    const none = await run(language, src.input, []);
    expect(none.status).toBe("error");
    expect(none.error).toMatchObject({ line: 1, message: expect.stringContaining("more input than it was given") });
  });

  it("reports an error with the learner's line, and what was printed before it", async () => {
    expect(await run(language, `print(1)\n${src.error}`.replace("print(1)", py ? "print(1)" : "console.log(1);"))).toMatchObject({
      status: "error",
      stdout: "1\n",
      error: { message: src.errorMessage, line: 3 },
    });
    expect((await run(language, src.syntax)).error).toMatchObject({ line: 2, message: expect.stringMatching(/^SyntaxError/) });
  });

  it("stops an endless loop at the time limit, and runs the next program normally", async () => {
    expect((await run(language, src.loop)).status).toBe("timeout");
    expect((await run(language, src.print)).stdout).toBe(src.printed);
  }, 60_000); // Python restarts its confined child after a timeout: a cold Pyodide start

  it("caps the output and says so", async () => {
    const flood = await run(language, src.flood);
    expect(flood.stdoutTruncated).toBe(true);
    expect(flood.stdout).toHaveLength(OUTPUT_LIMIT_CHARS);
    expect(flood.error?.message).toContain("printed more than 100,000 characters");
  });

  it("checks: each test runs after the program, sees its names and its output, and fails by raising", async () => {
    const tests = [
      { name: "adds", code: src.testAdds, message: "add(2, 3) should be 5" },
      { name: "prints", code: src.testOutput, message: "print the sum" },
    ];
    expect(await check(language, src.add, tests)).toMatchObject({ status: "passed", passed: true, stdout: "3\n" });
    expect(await check(language, src.addWrong, tests)).toMatchObject({
      status: "failed",
      passed: false,
      tests: [
        { name: "adds", passed: false, message: "add(2, 3) should be 5", detail: src.wrongDetail },
        { name: "prints", passed: false, message: "print the sum" },
      ],
    });
    // A test that cannot even find what it tests says why.
    const missing = await check(language, src.counter, [{ name: "add exists", code: src.missing, message: "Define add" }]);
    expect(missing.tests[0]).toMatchObject({ passed: false, detail: src.missingDetail });
  });

  it("gives each test a fresh run of the program", async () => {
    const tests = [1, 2, 3].map((n) => ({ name: `run ${n}`, code: src.testCounter, message: "count should be 1" }));
    expect((await check(language, src.counter, tests)).passed).toBe(true);
  });

  it("does not run the tests when the program itself fails", async () => {
    const result = await check(language, src.error, [{ name: "t", code: src.testCounter, message: "m" }]);
    expect(result).toMatchObject({
      status: "error",
      passed: false,
      tests: [{ name: "t", passed: false, detail: expect.stringContaining("Not run") }],
    });
  });
});

describe("python specifics", () => {
  it("keeps one learner's changes to builtins out of the next run", async () => {
    await run("python", "import builtins\nbuiltins.len = None\nbuiltins.extra = 1\n");
    expect((await run("python", "print(len('abc'))\nprint('extra' in dir(__builtins__))")).stdout).toBe("3\nFalse\n");
  });

  it("treats exit() as the end of the program", async () => {
    expect(await run("python", "print(1)\nimport sys\nsys.exit()\nprint(2)")).toMatchObject({ status: "ran", stdout: "1\n" });
  });
});

describe("javascript specifics", () => {
  it("has no eval (as under the sandbox's CSP) and formats values like a console", async () => {
    expect((await run("javascript", "eval('1')")).error?.message).toMatch(/EvalError/);
    expect((await run("javascript", 'console.log({ a: 1, b: "x" }, null, undefined, new Map([[1, 2]]))')).stdout).toBe(
      '{ a: 1, b: "x" } null undefined Map(1) { 1 => 2 }\n',
    );
  });

  it("waits for timers and promises, then reports everything printed (in virtual time under Node)", async () => {
    const program = [
      'setTimeout(() => console.log("later"), 100);',
      'setTimeout(() => console.log("sooner"), 10);',
      "async function main() {",
      "  await new Promise((resolve) => setTimeout(resolve, 60_000));",
      '  console.log("after a minute");',
      "}",
      "main();",
      'Promise.resolve().then(() => console.log("promise"));',
      "let ticks = 0;",
      'const timer = setInterval(() => { ticks++; if (ticks === 3) { clearInterval(timer); console.log("ticked", ticks); } }, 5);',
      'console.log("first");',
    ].join("\n");
    expect(await run("javascript", program)).toMatchObject({
      status: "ran",
      stdout: "first\npromise\nsooner\nticked 3\nlater\nafter a minute\n",
    });
    // Tests run once everything has settled.
    const late = "var result = null;\nsetTimeout(() => { result = 42; }, 1000);";
    expect((await check("javascript", late, [{ name: "late", code: "assertEqual(result, 42);", message: "m" }])).passed).toBe(true);
  });

  it("reports errors thrown in timer callbacks with the learner's line, and an interval that never stops as a timeout", async () => {
    expect(await run("javascript", 'console.log("start");\nsetTimeout(() => {\n  missing();\n}, 10);')).toMatchObject({
      status: "error",
      stdout: "start\n",
      error: { message: "ReferenceError: missing is not defined", line: 3 },
    });
    expect(await run("javascript", 'async function f() {\n  await null;\n  throw new Error("boom");\n}\nf();')).toMatchObject({
      status: "error",
      error: { message: "Error: boom", line: 3 },
    });
    expect((await run("javascript", "setInterval(() => {}, 1000);")).status).toBe("timeout");
    expect((await run("javascript", "setTimeout('1 + 1', 10);")).error?.message).toContain("setTimeout() needs a function");
  });

  it("keeps the learner's own `output` variable from hiding the captured output from tests", async () => {
    const result = await check("javascript", 'let output = "mine";\nconsole.log("real");', [
      { name: "sees printed output", code: 'assert(output === "real\\n");', message: "m" },
    ]);
    expect(result.passed).toBe(true);
  });
});

describe("runCompletesActivity", () => {
  it("completes on passing checks, or for a predict exercise without tests on a finished run after a prediction", () => {
    expect(runCompletesActivity({ kind: "write", testCount: 2 }, { status: "passed", passed: true }, false)).toBe(true);
    expect(runCompletesActivity({ kind: "write", testCount: 2 }, { status: "ran", passed: false }, true)).toBe(false);
    expect(runCompletesActivity({ kind: "predict", testCount: 0 }, { status: "ran", passed: false }, true)).toBe(true);
    expect(runCompletesActivity({ kind: "predict", testCount: 0 }, { status: "error", passed: false }, true)).toBe(true);
    expect(runCompletesActivity({ kind: "predict", testCount: 0 }, { status: "ran", passed: false }, false)).toBe(false);
    expect(runCompletesActivity({ kind: "predict", testCount: 0 }, { status: "timeout", passed: false }, true)).toBe(false);
    expect(runCompletesActivity({ kind: "predict", testCount: 1 }, { status: "ran", passed: false }, true)).toBe(false);
  });
});
