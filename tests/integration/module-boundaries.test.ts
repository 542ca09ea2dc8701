import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The domains under app/modules import one another in one direction only (issue 13, item 6): a
 * cycle between two folders means neither can be understood, tested or changed alone. Test files
 * are left out (a test may reach across to set up what it needs).
 */
const modules = path.resolve(import.meta.dirname, "../../app/modules");
const IMPORT = /(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Which domain folder an import in `file` lands in, if it lands in app/modules. */
function targetDomain(file: string, spec: string): string | null {
  let target: string;
  if (spec.startsWith("~/modules/")) target = path.join(modules, spec.slice("~/modules/".length));
  else if (spec.startsWith(".")) target = path.resolve(path.dirname(file), spec);
  else return null;
  const relative = path.relative(modules, target);
  return relative.startsWith("..") ? null : relative.split(path.sep)[0]!;
}

function domainGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(modules)) {
    const from = path.relative(modules, file).split(path.sep)[0]!;
    for (const match of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
      const to = targetDomain(file, (match[1] ?? match[2])!);
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, path.relative(modules, file));
    }
  }
  return graph;
}

/** Each cycle once, as "a -> b -> a" with the file that makes each step. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const [next, via] of graph.get(at) ?? []) {
      const step = `${at} -> ${next} (${via})`;
      if (next === start) found.add([...trail, step].sort().join("; "));
      else if (!trail.some((s) => s.startsWith(`${next} ->`)) && trail.length < 6) walk(start, next, [...trail, step]);
    }
  };
  for (const domain of graph.keys()) walk(domain, domain, []);
  return [...found];
}

describe("app/modules", () => {
  it("has no import cycle between its domain folders", () => {
    const graph = domainGraph();
    expect(graph.size).toBeGreaterThan(5); // the graph was read
    expect(cycles(graph)).toEqual([]);
  });
});
