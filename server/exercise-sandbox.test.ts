import { describe, expect, it } from "vitest";
import { sandboxCsp, sandboxPage } from "./exercise-sandbox.ts";

const origin = "https://pathways.example";

describe("the exercise sandbox's policy", () => {
  it("never allows eval; allows WebAssembly and the Pyodide files for Python only", () => {
    const python = sandboxCsp("python", origin);
    const javascript = sandboxCsp("javascript", origin);
    for (const policy of [python, javascript]) {
      expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'|\*/);
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("worker-src blob:");
      expect(policy).toContain(`frame-ancestors ${origin}`);
    }
    expect(python).toMatch(
      /script-src https:\/\/pathways\.example\/exercise-sandbox\/runner\.js https:\/\/pathways\.example\/pyodide\/[\d.]+\/ 'wasm-unsafe-eval'/,
    );
    expect(python).toMatch(/connect-src https:\/\/pathways\.example\/pyodide\/[\d.]+\//);
    expect(javascript).toContain(`script-src ${origin}/exercise-sandbox/runner.js blob:;`);
    expect(javascript).toContain("connect-src 'none'");
    expect(javascript).not.toContain("wasm-unsafe-eval");
  });

  it("serves a page that only loads the runner", () => {
    expect(sandboxPage("python")).toContain('<script src="/exercise-sandbox/runner.js"></script>');
    expect(sandboxPage("python")).toContain('data-language="python"');
    // What Python's loading fetches, for its progress: the wasm, the standard library and the lock file.
    expect(Number(/data-pyodide-bytes="(\d+)"/.exec(sandboxPage("python"))?.[1])).toBeGreaterThan(5_000_000);
    expect(sandboxPage("javascript")).not.toContain("data-pyodide-bytes");
  });
});
