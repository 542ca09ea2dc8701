/**
 * `npm run events:check`: checks every event file under events/ (docs/decisions/0055) and reports
 * each problem with its file and line. Linked modules must be modules under courses/. Exits 1 if any
 * problem was found. The server publishes valid events when it starts (scripts/prepare.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { formatProblems } from "../app/modules/catalog/load-course.server";
import { loadAllEvents } from "../app/modules/events/load-events.server";
import { COURSES_ROOT } from "./courses-check";

export const EVENTS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "events");

/** The ids in courses/*\/module.yaml (without checking the modules: courses:check does that). */
function courseModuleIds(): Set<string> {
  const ids = new Set<string>();
  for (const folder of fs.readdirSync(COURSES_ROOT, { withFileTypes: true })) {
    const file = path.join(COURSES_ROOT, folder.name, "module.yaml");
    if (!folder.isDirectory() || !fs.existsSync(file)) continue;
    const id = (parse(fs.readFileSync(file, "utf8")) as { id?: unknown } | null)?.id;
    if (typeof id === "string") ids.add(id);
  }
  return ids;
}

async function main(): Promise<number> {
  const results = await loadAllEvents(EVENTS_ROOT, courseModuleIds());
  let problemCount = 0;
  for (const result of results) {
    if (result.ok) {
      const { event } = result;
      console.log(`✓ ${event.file}  (${event.sessions.length} session${event.sessions.length === 1 ? "" : "s"}, ${event.capacity} places)`);
    } else {
      problemCount += result.problems.length;
      console.log(`✗ ${result.file}  (${result.problems.length} problem${result.problems.length === 1 ? "" : "s"})`);
      console.log(
        formatProblems(result.problems)
          .split("\n")
          .map((line) => `    ${line}`)
          .join("\n"),
      );
    }
  }
  console.log(
    `\n${results.length} event${results.length === 1 ? "" : "s"} checked, ${problemCount} problem${problemCount === 1 ? "" : "s"}`,
  );
  return problemCount > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
