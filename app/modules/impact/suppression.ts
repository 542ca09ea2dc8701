/**
 * Small-number suppression for the impact report (docs/decisions/0060). Counts of 1 to 4 are not
 * published: they could point at a person ("the 2 teachers from one school"). Each is shown as "c"
 * (the Government Statistical Service's symbol for a confidential figure) on screen, in CSV and in
 * charts alike, because every view reads the same suppressed table.
 *
 * Hiding one cell is not enough when its row or column total is published: it would be the total
 * less the others. So, as statistical agencies do, every row and column (totals included) ends with
 * either no hidden cell or at least two ("secondary suppression"): the smallest other cell of a line
 * with a single hidden cell is hidden too, until nothing changes. Zeros are shown (they identify
 * nobody) unless hiding one is needed to protect another cell.
 */
export const SUPPRESS_BELOW = 5;
export const SUPPRESSED_MARK = "c";

/** A published count, or null where it is hidden. */
export type Shown = number | null;

const isSmall = (n: number) => n > 0 && n < SUPPRESS_BELOW;

/** One count on its own (a headline figure with no total beside it). */
export function suppressCount(n: number): Shown {
  return isSmall(n) ? null : n;
}

export type SuppressedTable = { cells: Shown[][]; rowTotals: Shown[]; columnTotals: Shown[] | null; grandTotal: Shown | null };

/**
 * A table of counts, suppressed as above, with its row totals published (`rowTotals`, the default:
 * a single row with its total is a breakdown, "educators by activity") and, with `columnTotals`,
 * its column totals (and, with both, the grand total).
 */
export function suppressTable(
  rows: readonly (readonly number[])[],
  { rowTotals = true, columnTotals = false }: { rowTotals?: boolean; columnTotals?: boolean } = {},
): SuppressedTable {
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  const width = rowTotals ? c + 1 : c;
  // The extended table: each row ends with its total; with column totals, a last row of them.
  const full: number[][] = rows.map((row) => (rowTotals ? [...row, row.reduce((a, b) => a + b, 0)] : [...row]));
  if (columnTotals) full.push(Array.from({ length: width }, (_, j) => full.reduce((sum, row) => sum + row[j]!, 0)));
  const hidden = full.map((row) => row.map(isSmall));
  // The lines whose hidden cells must be none or at least two: rows with totals, columns with totals.
  const lines: [number, number][][] = [];
  if (rowTotals) full.forEach((row, i) => lines.push(row.map((_, j) => [i, j] as [number, number])));
  if (columnTotals) for (let j = 0; j < width; j++) lines.push(full.map((_, i) => [i, j] as [number, number]));

  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      const hiddenHere = line.filter(([i, j]) => hidden[i]![j]);
      if (hiddenHere.length !== 1) continue;
      const candidates = line.filter(([i, j]) => !hidden[i]![j]);
      if (!candidates.length) continue;
      // The smallest other cell; among equals, a cell before a total (a total hidden hides more).
      const isTotal = ([i, j]: [number, number]) => (rowTotals && j === c) || (columnTotals && i === r);
      candidates.sort(([ai, aj], [bi, bj]) => full[ai]![aj]! - full[bi]![bj]! || Number(isTotal([ai, aj])) - Number(isTotal([bi, bj])));
      const [i, j] = candidates[0]!;
      hidden[i]![j] = true;
      changed = true;
    }
  }
  const shown = (i: number, j: number): Shown => (hidden[i]![j] ? null : full[i]![j]!);
  return {
    cells: rows.map((_, i) => Array.from({ length: c }, (_, j) => shown(i, j))),
    rowTotals: rowTotals ? rows.map((_, i) => shown(i, c)) : [],
    columnTotals: columnTotals ? Array.from({ length: c }, (_, j) => shown(r, j)) : null,
    grandTotal: columnTotals && rowTotals ? shown(r, c) : null,
  };
}

/** A shown count as text: the number, or the mark. */
export function formatShown(n: Shown): string {
  return n === null ? SUPPRESSED_MARK : String(n);
}
