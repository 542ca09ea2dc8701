/**
 * The impact report's shapes (docs/decisions/0060): the filters a funder or admin chooses, and the
 * report as tables whose counts are already suppressed, so the page, the CSV files and the charts
 * all show the same figures. Pure: report.server.ts builds it from the database.
 */
import { z } from "zod";
import { AUDIENCES, KEY_STAGES } from "~/modules/catalog/course-format/module-file.ts";
import { toCsv } from "~/utils/csv.ts";
import { SUPPRESSED_MARK, type Shown } from "./suppression.ts";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Give the date as YYYY-MM-DD." })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: "That date does not exist.",
  });

/** What the report covers. Unknown or empty filters mean "all". */
export const ImpactFiltersSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    /** A programme's id (docs/decisions/0065): only its modules and live events count. */
    programme: z.string().max(80).optional(),
    module: z.string().max(80).optional(),
    event: z.string().max(80).optional(),
    audience: z.enum(AUDIENCES).optional(),
    keyStage: z.enum(KEY_STAGES).optional(),
    /** Where educators' schools are, from GIAS (docs/decisions/0061): only organisations matched to a URN count. */
    region: z.string().max(100).optional(),
    localAuthority: z.string().max(100).optional(),
    phase: z.string().max(100).optional(),
  })
  .refine((f) => f.from <= f.to, { path: ["to"], error: "The end date must not be before the start date." });
export type ImpactFilters = z.output<typeof ImpactFiltersSchema>;
const FILTER_KEYS = ["from", "to", "programme", "module", "event", "audience", "keyStage", "region", "localAuthority", "phase"] as const;

/** A table cell: a label or figure as text, a count (null where it is suppressed). */
export type Cell = string | Shown;

export type ReportTable = {
  /** Its file name in downloads: lower-case words with hyphens. */
  id: string;
  caption: string;
  header: string[];
  rows: Cell[][];
  /** Said under the table (what is counted, and how). */
  note: string;
  /** A bar chart of some of its figures (docs/decisions/0063), drawn from these same suppressed cells. */
  chart?: ReportChart;
};

/** One bar: its label and its count (null where suppressed: drawn as no bar, marked "c"). */
export type ChartBar = { label: string; value: Shown };

export type ReportChart = {
  /** Bars across (categories up the side: long labels) or up (categories along the bottom: 1 to 6). */
  orientation: "horizontal" | "vertical";
  /** What the bars' length counts, and what the categories are. */
  valueTitle: string;
  categoryTitle: string;
  bars: ChartBar[];
};

/** A count cell of a table for a chart: a number, or null where suppressed (text never is one). */
export const chartValue = (cell: Cell | undefined): Shown => (typeof cell === "number" ? cell : null);

/** The chart's description in words, for people who cannot see it (its table is beside it too). */
export function chartDescription(chart: ReportChart): string {
  const bars = chart.bars.map((b) => `${b.label}: ${b.value === null ? `${SUPPRESSED_MARK} (not shown)` : b.value}`).join("; ");
  return `Bar chart of ${chart.valueTitle.toLowerCase()} by ${chart.categoryTitle.toLowerCase()}. ${bars}.`;
}

export type ImpactHeadline = { label: string; value: Cell; note: string };

export type ImpactReport = {
  filters: ImpactFilters;
  /** The latest change among the rows counted: what "made at" means, so the same data gives the same file. */
  dataAsOf: string | null;
  headlines: ImpactHeadline[];
  tables: ReportTable[];
  quotes: { text: string; by: string; about: string }[];
};

export const cellText = (cell: Cell): string => (cell === null ? SUPPRESSED_MARK : String(cell));

/** A table as CSV (the one CSV writer, so formulas are never run), with the same marks as the page. */
export function tableCsv(table: ReportTable): string {
  return toCsv(
    table.header,
    table.rows.map((row) => row.map((cell) => (typeof cell === "number" ? cell : cellText(cell)))),
  );
}

/** The filters as a query string, in a fixed order (links, downloads and the manifest all use it). */
export function filtersQuery(filters: ImpactFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}

/** The default period: the last twelve months to today (London dates). */
export function defaultPeriod(today: string): { from: string; to: string } {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const from = new Date(Date.UTC(y - 1, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from, to: today };
}

/**
 * The filters from a report address: empty values are "all"; a missing period is the default one.
 * Problems come back by field, for the form to show beside each.
 */
export function readFilters(
  params: URLSearchParams,
  today: string,
): { ok: true; filters: ImpactFilters } | { ok: false; errors: Record<string, string>; values: Record<string, string> } {
  const values: Record<string, string> = { ...defaultPeriod(today) };
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) values[key] = value;
  }
  const parsed = ImpactFiltersSchema.safeParse(values);
  if (parsed.success) return { ok: true, filters: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "from");
    errors[key] ??= key === "audience" || key === "keyStage" ? "Choose one from the list." : issue.message;
  }
  return { ok: false, errors, values };
}
