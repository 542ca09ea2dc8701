/**
 * The one CSV writer for every export (docs/decisions/0038). RFC 4180 quoting, CRLF line ends as
 * Excel expects, and a cell a spreadsheet would run as a formula (one starting with =, +, -, @,
 * a tab or a carriage return) is prefixed with an apostrophe, so opening an export never runs
 * anything a learner, author or leader typed. Numbers stay numbers.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: the header row, then one row per record. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
