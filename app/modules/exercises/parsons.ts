/**
 * Parsons problems: the lines of a correct program, shown out of order (with any distractors) for
 * the learner to arrange. Pure: used at publish time (the starting arrangement), in the browser
 * (assembling the learner's arrangement) and by courses:check (the starting arrangement must fail).
 *
 * In Python, indentation is part of the puzzle: blocks start flush left and the learner indents
 * them (four spaces a level). In JavaScript, blocks keep the indentation the author wrote.
 */
import type { CodeLanguage } from "./harness.ts";

export const PARSONS_INDENT = "    ";
/** Deepest indentation a learner can give a block. */
export const PARSONS_MAX_INDENT = 6;

/** One block as the learner has placed it. */
export type ParsonsPlacement = { block: number; indent: number };

/** The learner's arrangement: the blocks in their program, in order, and the ones left out. */
export type ParsonsState = { used: ParsonsPlacement[]; unused: number[] };

/** What the lesson page gets: the blocks in their starting order. */
export type ParsonsPuzzle = { blocks: string[]; indentable: boolean };

/** 32-bit FNV-1a hash, to seed the shuffle from an activity id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small, fast, deterministic random number generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates with a seeded generator: the same input and seed always give the same order. */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const next = random(hash(seed));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const stripIndent = (line: string) => line.replace(/^\s+/, "");

/** How a block is shown: Python blocks lose their indentation (placing it is part of the task). */
export function blockText(line: string, language: CodeLanguage): string {
  return language === "python" ? stripIndent(line) : line.replace(/\s+$/, "");
}

/**
 * The blocks in the order the learner first sees them. From `starter` when the author gave one
 * (each of its lines names a block), otherwise a shuffle seeded by the activity id that is never
 * the correct order.
 */
export function startingBlocks({
  activityId,
  language,
  lines,
  distractors = [],
  starter,
}: {
  activityId: string;
  language: CodeLanguage;
  lines: readonly string[];
  distractors?: readonly string[];
  starter?: string | undefined;
}): string[] {
  if (starter !== undefined && starter.trim() !== "") {
    return starter
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => blockText(line, language));
  }
  const all = [...lines, ...distractors].map((line) => blockText(line, language));
  const correct = lines.map((line) => blockText(line, language));
  let shuffled = seededShuffle(all, activityId);
  // Never hand out the answer: if the shuffle left the correct lines in order at the start, rotate.
  if (shuffled.slice(0, correct.length).every((text, i) => text === correct[i])) shuffled = [...shuffled.slice(1), shuffled[0]!];
  return shuffled;
}

/**
 * Problems with a starting arrangement written by the author: every line must be one of the
 * blocks (lines or distractors, ignoring indentation), each block used exactly once.
 */
export function starterArrangementProblem(starter: string, blocks: readonly string[]): string | undefined {
  const wanted = blocks.map((b) => stripIndent(b).trimEnd());
  const given = starter
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => stripIndent(line).trimEnd());
  const remaining = [...wanted];
  for (const line of given) {
    const index = remaining.indexOf(line);
    if (index < 0)
      return `The starter line "${line}" is not one of parsons.lines or parsons.distractors. Use only those lines, in the order they should first appear.`;
    remaining.splice(index, 1);
  }
  if (remaining.length > 0) {
    return `The starter leaves out ${remaining.map((l) => `"${l}"`).join(", ")}. List every line and distractor once, in the order they should first appear (or remove starter to have them shuffled).`;
  }
  return undefined;
}

/** The starting state: every block in the program, in the starting order, flush left. */
export function initialParsonsState(blockCount: number): ParsonsState {
  return { used: Array.from({ length: blockCount }, (_, block) => ({ block, indent: 0 })), unused: [] };
}

/** The program the learner's arrangement spells out. */
export function assembleParsons(puzzle: ParsonsPuzzle, state: ParsonsState): string {
  return state.used
    .map(({ block, indent }) => `${puzzle.indentable ? PARSONS_INDENT.repeat(indent) : ""}${puzzle.blocks[block] ?? ""}`)
    .join("\n");
}

/** A saved arrangement, if it still fits the puzzle (a new version of the module may have changed it). */
export function parseParsonsState(text: string, blockCount: number): ParsonsState | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null) return null;
    const { used, unused } = value as { used?: unknown; unused?: unknown };
    if (!Array.isArray(used) || !Array.isArray(unused)) return null;
    const seen = new Set<number>();
    const placements: ParsonsPlacement[] = [];
    for (const item of used) {
      const { block, indent } = (item ?? {}) as { block?: unknown; indent?: unknown };
      if (typeof block !== "number" || typeof indent !== "number" || seen.has(block)) return null;
      if (!Number.isInteger(block) || block < 0 || block >= blockCount || indent < 0 || indent > PARSONS_MAX_INDENT) return null;
      seen.add(block);
      placements.push({ block, indent });
    }
    for (const block of unused) {
      if (typeof block !== "number" || !Number.isInteger(block) || block < 0 || block >= blockCount || seen.has(block)) return null;
      seen.add(block);
    }
    if (seen.size !== blockCount) return null;
    return { used: placements, unused: unused as number[] };
  } catch {
    return null;
  }
}

/** Where a dragged block is dropped: in the program at `index` with `indent`, or among the lines left out at `index`. */
export type ParsonsDrop = { list: "used"; index: number; indent: number } | { list: "unused"; index: number };

/**
 * The arrangement after a block is dropped somewhere (dragging with a pointer; the buttons make
 * the same moves one step at a time). The index counts positions in the target list after the
 * block has left its old place; indents are clamped to what the puzzle allows. Unknown blocks
 * change nothing.
 */
export function placeParsonsBlock(state: ParsonsState, block: number, drop: ParsonsDrop, indentable: boolean): ParsonsState {
  const inUsed = state.used.some((p) => p.block === block);
  if (!inUsed && !state.unused.includes(block)) return state;
  const used = state.used.filter((p) => p.block !== block);
  const unused = state.unused.filter((b) => b !== block);
  const clamp = (value: number, max: number) => Math.min(Math.max(Math.round(value), 0), max);
  if (drop.list === "used") {
    const indent = indentable ? clamp(drop.indent, PARSONS_MAX_INDENT) : 0;
    used.splice(clamp(drop.index, used.length), 0, { block, indent });
  } else {
    unused.splice(clamp(drop.index, unused.length), 0, block);
  }
  return { used, unused };
}
