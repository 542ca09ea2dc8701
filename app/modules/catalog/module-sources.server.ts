/**
 * Where a module's files come from: a folder on disk (courses/, or a folder named in
 * EXTRA_COURSES_DIRS) or memory (a draft authored in the browser, an imported zip). The loader reads
 * every file through a ModuleFileSource, so both are checked the same way. Split from
 * load-course.server.ts (issue 13).
 */
import { promises as fs } from "node:fs";
import path from "node:path";

export const toPosix = (p: string) => p.split(path.sep).join("/");

export async function statOrNull(p: string) {
  try {
    return await fs.stat(p);
  } catch {
    return null;
  }
}

/** Every file under `dir` (recursively), relative to `dir`, posix separators, skipping dot-files. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/**
 * Where a module's files come from: a folder on disk (courses/) or memory (a draft authored in
 * the browser, an imported zip). Paths are relative to the module folder, with posix separators.
 */
export type ModuleFileSource = {
  isFile(rel: string): Promise<boolean>;
  read(rel: string): Promise<Buffer>;
  /** Every file, relative to the module folder, sorted, skipping dot-files. */
  list(): Promise<string[]>;
  /**
   * A file's size and sha256 when the source already knows them (media in the content-addressed
   * store), so the content hash need not read a large video; undefined to hash the bytes.
   */
  digest?(rel: string): Promise<{ bytes: number; sha256: string } | undefined>;
};

export function folderSource(moduleDir: string): ModuleFileSource {
  return {
    isFile: async (rel) => (await statOrNull(path.join(moduleDir, rel)))?.isFile() ?? false,
    read: (rel) => fs.readFile(path.join(moduleDir, rel)),
    list: () => listFiles(moduleDir),
  };
}

/** A module held in memory: `files` maps relative paths (e.g. "module.yaml", "01-intro.md") to contents. */
export function memorySource(files: ReadonlyMap<string, string | Uint8Array>): ModuleFileSource {
  const byPath = new Map<string, Buffer>();
  for (const [rel, content] of files) byPath.set(path.posix.normalize(rel), Buffer.from(content));
  return {
    isFile: (rel) => Promise.resolve(byPath.has(path.posix.normalize(rel))),
    read: (rel) => {
      const bytes = byPath.get(path.posix.normalize(rel));
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Error(`No file "${rel}" in the module`));
    },
    list: () => Promise.resolve([...byPath.keys()].filter((rel) => !rel.split("/").some((segment) => segment.startsWith("."))).sort()),
  };
}
