import { DOMParser, type Element as XmlElement } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { renderChartSvg } from "./charts.server.ts";
import { chartDescription, type ReportChart } from "./impact.ts";

/**
 * The impact report's charts (docs/decisions/0063), read back with an XML parser we did not write
 * (@xmldom/xmldom, strict): well-formed, an image with a title and a description, a bar for each
 * shown figure in proportion, and no bar but a "c" where a figure is suppressed.
 */
const chart: ReportChart = {
  orientation: "horizontal",
  valueTitle: "Educators",
  categoryTitle: "Activity",
  bars: [
    { label: "Online courses only", value: 120 },
    { label: "Live events only", value: 60 },
    { label: "Both", value: null },
  ],
};

function parse(svg: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => void (level !== "warning" && errors.push(message)) }).parseFromString(
    svg,
    "image/svg+xml",
  );
  expect(errors).toEqual([]);
  return doc.documentElement as unknown as XmlElement;
}

const all = (root: XmlElement, tag: string) => Array.from(root.getElementsByTagName(tag));

/** The bars: Vega draws each as a path "M x,y h width v height h -width Z" inside the rect marks' group. */
function barWidths(root: XmlElement): number[] {
  const group = all(root, "g").find((g) => (g.getAttribute("class") ?? "").includes("mark-rect"));
  expect(group).toBeDefined();
  return all(group!, "path").map((p) => Number(/h(-?[\d.]+)v/.exec(p.getAttribute("d") ?? "")?.[1]));
}

describe("renderChartSvg", () => {
  it("is an image whose accessible name and description are its title and its figures in words", async () => {
    const root = parse(await renderChartSvg("educators", "Educators reached, by activity", chart));
    expect(root.tagName).toBe("svg");
    expect(root.getAttribute("role")).toBe("img");
    expect(root.getAttribute("aria-labelledby")).toBe("chart-educators-title");
    expect(root.getAttribute("aria-describedby")).toBe("chart-educators-desc");
    const title = all(root, "title")[0]!;
    const desc = all(root, "desc")[0]!;
    expect(title.getAttribute("id")).toBe("chart-educators-title");
    expect(title.textContent).toBe("Educators reached, by activity");
    expect(desc.getAttribute("id")).toBe("chart-educators-desc");
    expect(desc.textContent).toBe(
      "Bar chart of educators by activity. Online courses only: 120; Live events only: 60; Both: c (not shown).",
    );
    expect(desc.textContent).toBe(chartDescription(chart));
    // Nothing inside claims a role of its own (a screen reader would want a name for each).
    expect(all(root, "*").filter((e) => e.hasAttribute("role") || e.hasAttribute("aria-roledescription"))).toEqual([]);
  });

  it("draws each shown figure in proportion, and a suppressed one as no bar marked c", async () => {
    const root = parse(await renderChartSvg("educators", "Educators", chart));
    const [courses, events, both] = barWidths(root);
    expect(courses).toBeGreaterThan(0);
    expect(courses! / events!).toBeCloseTo(2, 5);
    expect(both).toBe(0);
    const labels = all(root, "text").map((t) => t.textContent);
    expect(labels).toEqual(expect.arrayContaining(["Online courses only", "Live events only", "Both", "120", "60", "c"]));
  });

  it("gives the same bytes for the same figures", async () => {
    const ratings: ReportChart = {
      orientation: "vertical",
      valueTitle: "Responses",
      categoryTitle: "Rating out of 6",
      bars: ["1", "2", "3", "4", "5", "6"].map((label, i) => ({ label, value: i < 2 ? null : i * 7 })),
    };
    expect(await renderChartSvg("r", "Ratings", ratings)).toBe(await renderChartSvg("r", "Ratings", ratings));
  });

  it("keeps an author's markup in a title or label as text", async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const svg = await renderChartSvg("x", `Title ${hostile}`, {
      ...chart,
      bars: [{ label: `Module ${hostile}`, value: 10 }],
    });
    const root = parse(svg);
    expect(all(root, "script")).toHaveLength(0);
    expect(all(root, "img")).toHaveLength(0);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<img");
    expect(all(root, "title")[0]!.textContent).toBe(`Title ${hostile}`);
    expect(all(root, "desc")[0]!.textContent).toContain(`Module ${hostile}: 10`);
  });
});
