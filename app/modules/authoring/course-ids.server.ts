import { promises as fs } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";

/** courses/ beside the running app (the server and the tests run from the repository root). */
const COURSES_DIR = path.resolve("courses");

/**
 * The module ids of every folder under courses/, published yet or not, so a draft never takes an
 * id a module kept in files is about to use. Unreadable folders are skipped (courses:check reports them).
 */
export async function fileModuleIds(root = COURSES_DIR): Promise<Set<string>> {
  const ids = new Set<string>();
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    try {
      const id: unknown = parseDocument(await fs.readFile(path.join(root, entry.name, "module.yaml"), "utf8")).get("id");
      if (typeof id === "string") ids.add(id);
    } catch {
      // no module.yaml: not a module
    }
  }
  return ids;
}
