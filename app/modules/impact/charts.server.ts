/**
 * The impact report's charts (docs/decisions/0063): bar charts drawn on the server as SVG by
 * Vega-Lite and Vega, from the same suppressed cells as the tables, so a hidden count is hidden in
 * the chart too (no bar, marked "c"). The SVG is an image with a title and a description in words
 * (role="img"); its table is beside it on the page. No script reaches the browser, and the same
 * figures give the same SVG, byte for byte.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { SUPPRESSED_MARK } from "./suppression.ts";
import { chartDescription, type ReportChart } from "./impact.ts";

const TEXT = "#1b1f24";
const BAR = "#1d4f91"; // the brand colour: 8.6:1 against white, well above 3:1 for graphics
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Text for XML: the title and description go into the SVG as text, never as markup. */
function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function chartSpec(chart: ReportChart): TopLevelSpec {
  const values = chart.bars.map((bar, order) => ({
    label: bar.label,
    value: bar.value ?? 0,
    shown: bar.value === null ? SUPPRESSED_MARK : String(bar.value),
    order,
  }));
  const horizontal = chart.orientation === "horizontal";
  const category = {
    field: "label",
    type: "nominal" as const,
    title: chart.categoryTitle,
    sort: chart.bars.map((b) => b.label),
    scale: { domain: chart.bars.map((b) => b.label) },
    axis: { labelLimit: 260, labelAngle: 0 },
  };
  const value = { field: "value", type: "quantitative" as const, title: chart.valueTitle, axis: { tickMinStep: 1, format: "d" } };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: horizontal ? 420 : 360,
    height: horizontal ? { step: 28 } : 200,
    data: { values },
    encoding: horizontal ? { y: category, x: value } : { x: category, y: value },
    layer: [
      { mark: { type: "bar", color: BAR } },
      {
        // The figure at the end of each bar (or "c" where there is none), as on the table.
        mark: horizontal
          ? { type: "text", align: "left", baseline: "middle", dx: 4, color: TEXT, fontSize: 12 }
          : { type: "text", align: "center", baseline: "bottom", dy: -3, color: TEXT, fontSize: 12 },
        encoding: { text: { field: "shown", type: "nominal" } },
      },
    ],
    config: {
      aria: false, // the whole SVG is one image, with its title and description below
      background: "#ffffff",
      font: FONT,
      view: { stroke: null },
      axis: { labelColor: TEXT, titleColor: TEXT, labelFontSize: 12, titleFontSize: 12, domainColor: "#4a525c", tickColor: "#4a525c" },
    },
  };
}

/**
 * The chart as an SVG document fragment for the page: `id` makes its title's and description's
 * ids unique. Its accessible name is `title`; its description, each bar's label and figure.
 */
export async function renderChartSvg(id: string, title: string, chart: ReportChart): Promise<string> {
  const view = new vega.View(vega.parse(compile(chartSpec(chart)).spec), { renderer: "none" });
  try {
    // One image: the roles Vega gives its groups and marks would make screen readers (and axe)
    // expect a name for each; the figures are in the description and the table instead.
    const svg = (await view.toSVG()).replace(/<[^>]+>/g, (tag) => tag.replace(/ (?:role|aria-roledescription)="[^"]*"/g, ""));
    const titleId = `chart-${id}-title`;
    const descId = `chart-${id}-desc`;
    return svg.replace(
      /^<svg([^>]*)>/,
      (_, attributes: string) =>
        `<svg${attributes} role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" focusable="false">` +
        `<title id="${titleId}">${xml(title)}</title><desc id="${descId}">${xml(chartDescription(chart))}</desc>`,
    );
  } finally {
    view.finalize();
  }
}
