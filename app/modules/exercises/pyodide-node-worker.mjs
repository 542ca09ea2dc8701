/**
 * A worker thread that holds one Pyodide interpreter for `courses:check` (see node-runner.server.ts).
 * It runs program texts built by harness.ts and posts back the report string. The parent thread
 * terminates it at the time limit and starts a new one, exactly as the browser does with its Worker.
 */
import { fileURLToPath } from "node:url";
import { parentPort } from "node:worker_threads";
import { loadPyodide } from "pyodide";

// Pyodide guesses its folder from a stack trace, which fails in a worker thread: say where it is.
const pyodide = await loadPyodide({ indexURL: fileURLToPath(new URL(".", import.meta.resolve("pyodide"))) });
parentPort.on("message", ({ id, text }) => {
  try {
    const report = pyodide.runPython(text);
    parentPort.postMessage({ id, raw: { kind: "report", report: String(report) } });
  } catch (error) {
    parentPort.postMessage({ id, raw: { kind: "unavailable", message: `Python failed: ${String(error)}` } });
  }
});
parentPort.postMessage({ ready: true });
