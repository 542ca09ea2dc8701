import { describe, expect, it } from "vitest";
import { formatShown, suppressCount, suppressTable, type SuppressedTable } from "./suppression.ts";

/** Small-number suppression (docs/decisions/0060), checked on worked examples and on random tables. */
describe("suppression", () => {
  it("hides a count of 1 to 4 on its own, and shows 0 and 5 or more", () => {
    expect([0, 1, 4, 5, 120].map(suppressCount)).toEqual([0, null, null, 5, 120]);
    expect(formatShown(null)).toBe("c");
    expect(formatShown(7)).toBe("7");
  });

  it("hides a second cell in a breakdown, so the first is not the total less the rest", () => {
    // 3 would be 40 − 12 − 25: the 12 (the smallest other) goes too.
    expect(suppressTable([[3, 12, 25]])).toMatchObject({ cells: [[null, null, 25]], rowTotals: [40] });
    // Two small ones protect each other.
    expect(suppressTable([[2, 3, 25]])).toMatchObject({ cells: [[null, null, 25]], rowTotals: [30] });
    // Nothing small: nothing hidden. Zeros are shown.
    expect(suppressTable([[0, 12, 25]])).toMatchObject({ cells: [[0, 12, 25]], rowTotals: [37] });
    // A total under 5 is hidden, and with it every cell that would give it away.
    expect(suppressTable([[1, 2, 0]]).rowTotals).toEqual([null]);
    expect(suppressTable([[1, 2, 0]]).cells[0]!.filter((c) => c === null).length).toBeGreaterThanOrEqual(2);
  });

  it("keeps a hidden cell hidden when column totals are published as well", () => {
    const table = suppressTable(
      [
        [3, 10, 20],
        [12, 15, 30],
      ],
      { columnTotals: true },
    );
    expect(table.cells[0]![0]).toBeNull();
    // Column 1 (3 over 12, total 15): the 12 goes too, and row 2 then needs a second hidden cell.
    expect(table.cells[1]![0]).toBeNull();
    expect(table.columnTotals).not.toBeNull();
    expectNoLoneHiddenCell(
      [
        [3, 10, 20],
        [12, 15, 30],
      ],
      table,
      true,
    );
  });

  it("protects a column when only column totals are published", () => {
    const table = suppressTable([[3], [40], [12]], { rowTotals: false, columnTotals: true });
    expect(table.cells).toEqual([[null], [40], [null]]);
    expect(table.columnTotals).toEqual([55]);
    expect(table.rowTotals).toEqual([]);
  });

  it("never leaves a line with exactly one hidden cell, and hides every count of 1 to 4, on 500 random tables", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 500; n++) {
      const width = 1 + Math.floor(random() * 6);
      const rows = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        Array.from({ length: width }, () => Math.floor(random() ** 2 * 30)),
      );
      const columnTotals = rows.length > 1 && random() < 0.5;
      const table = suppressTable(rows, { columnTotals });
      expectNoLoneHiddenCell(rows, table, columnTotals);
      rows.forEach((row, i) => row.forEach((v, j) => (v > 0 && v < 5 ? expect(table.cells[i]![j]).toBeNull() : null)));
      // What is shown is the true figure.
      rows.forEach((row, i) => row.forEach((v, j) => (table.cells[i]![j] === null ? null : expect(table.cells[i]![j]).toBe(v))));
    }
  });
});

function expectNoLoneHiddenCell(rows: number[][], table: SuppressedTable, columnTotals: boolean) {
  const full = rows.map((row, i) => [...table.cells[i]!, table.rowTotals[i]!]);
  if (columnTotals) full.push([...table.columnTotals!, table.grandTotal]);
  const lines = full.map((row) => row);
  if (columnTotals) for (let j = 0; j < full[0]!.length; j++) lines.push(full.map((row) => row[j]!));
  for (const line of lines) expect(line.filter((c) => c === null).length, JSON.stringify({ rows, full })).not.toBe(1);
}
