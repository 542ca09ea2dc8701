/**
 * Get Information About Schools (GIAS) files (docs/decisions/0061): the establishments file
 * ("edubasealldata", CSV in ISO-8859-1, one row per URN, 100+ columns of which Pathways reads a few
 * by their header) and the links file (a URN, a linked URN and the link's type: Predecessor,
 * Successor, "Predecessor - amalgamated"…). Pure: decoding, parsing and the rule that makes a school
 * count once; gias.server.ts stores them.
 */
import { parse } from "csv-parse/sync";

/** The largest file accepted: GIAS's full establishments file is about 60 MB. */
export const GIAS_MAX_BYTES = 100 * 1024 * 1024;

/** The establishments file's columns Pathways reads, by their GIAS header. */
export const ESTABLISHMENT_COLUMNS = {
  urn: "URN",
  name: "EstablishmentName",
  laCode: "LA (code)",
  laName: "LA (name)",
  type: "TypeOfEstablishment (name)",
  status: "EstablishmentStatus (name)",
  phase: "PhaseOfEducation (name)",
  postcode: "Postcode",
  region: "GOR (name)",
  openDate: "OpenDate",
  closeDate: "CloseDate",
} as const;
export const LINK_COLUMNS = { urn: "URN", linkUrn: "LinkURN", linkType: "LinkType" } as const;

export type SchoolRow = {
  urn: number;
  name: string;
  laCode: string;
  laName: string;
  type: string;
  status: string;
  phase: string;
  postcode: string;
  region: string;
  openedOn: string | null;
  closedOn: string | null;
};
export type LinkRow = { urn: number; linkUrn: number; linkType: string };
export type Skipped = { line: number; message: string };
export type Parsed<T> = { ok: true; rows: T[]; skipped: Skipped[] } | { ok: false; message: string };

/** GIAS files are ISO-8859-1 (Windows-1252 in practice): "Ysgol Gymraeg", "St Mary's", "Académie" arrive intact. */
export function decodeGias(bytes: Uint8Array): string {
  const text = new TextDecoder("windows-1252").decode(bytes);
  return text.replace(/^\uFEFF/, "");
}

/** "01-09-2011" (GIAS's day-month-year) as "2011-09-01"; empty or malformed as null. */
export function giasDate(value: string | undefined): string | null {
  const match = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(value?.trim() ?? "");
  return match ? `${match[3]}-${match[2]}-${match[1]}` : null;
}

function table(
  text: string,
  what: string,
  columns: Record<string, string>,
): { ok: true; header: string[]; records: string[][] } | { ok: false; message: string } {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    return { ok: false, message: `The ${what} could not be read as CSV: ${(error as Error).message}` };
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const missing = Object.values(columns).filter((c) => !header.includes(c));
  if (missing.length)
    return {
      ok: false,
      message: `This is not the GIAS ${what}: it has no ${missing.map((m) => `"${m}"`).join(", ")} column${missing.length === 1 ? "" : "s"}. Download "all establishment data" (and "links") from Get Information About Schools and upload those files as they are.`,
    };
  return { ok: true, header, records: records.slice(1) };
}

const asUrn = (value: string | undefined) => (/^\d{5,7}$/.test(value?.trim() ?? "") ? Number(value!.trim()) : null);

export function parseEstablishments(text: string): Parsed<SchoolRow> {
  const read = table(text, "establishments file", ESTABLISHMENT_COLUMNS);
  if (!read.ok) return read;
  const at = (name: string) => read.header.indexOf(name);
  const index = Object.fromEntries(Object.entries(ESTABLISHMENT_COLUMNS).map(([key, header]) => [key, at(header)])) as Record<
    keyof typeof ESTABLISHMENT_COLUMNS,
    number
  >;
  const rows: SchoolRow[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<number>();
  read.records.forEach((record, i) => {
    const line = i + 2;
    const field = (key: keyof typeof ESTABLISHMENT_COLUMNS) => (record[index[key]] ?? "").trim();
    const urn = asUrn(field("urn"));
    if (urn === null) return skipped.push({ line, message: `"${field("urn")}" is not a URN (5 to 7 digits).` });
    if (seen.has(urn)) return skipped.push({ line, message: `URN ${urn} appears twice; the first row is kept.` });
    if (!field("name")) return skipped.push({ line, message: `URN ${urn} has no name.` });
    seen.add(urn);
    rows.push({
      urn,
      name: field("name"),
      laCode: field("laCode"),
      laName: field("laName"),
      type: field("type"),
      status: field("status"),
      phase: field("phase"),
      postcode: field("postcode"),
      region: field("region"),
      openedOn: giasDate(field("openDate")),
      closedOn: giasDate(field("closeDate")),
    });
  });
  return { ok: true, rows, skipped };
}

export function parseLinks(text: string): Parsed<LinkRow> {
  const read = table(text, "links file", LINK_COLUMNS);
  if (!read.ok) return read;
  const [u, l, t] = [
    read.header.indexOf(LINK_COLUMNS.urn),
    read.header.indexOf(LINK_COLUMNS.linkUrn),
    read.header.indexOf(LINK_COLUMNS.linkType),
  ];
  const rows: LinkRow[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  read.records.forEach((record, i) => {
    const urn = asUrn(record[u]);
    const linkUrn = asUrn(record[l]);
    if (urn === null || linkUrn === null) return skipped.push({ line: i + 2, message: "A link needs two URNs." });
    if (urn === linkUrn || seen.has(`${urn}:${linkUrn}`)) return;
    seen.add(`${urn}:${linkUrn}`);
    rows.push({ urn, linkUrn, linkType: (record[t] ?? "").trim() });
  });
  return { ok: true, rows, skipped };
}

const isOpen = (status: string) => status.toLowerCase().startsWith("open");

/**
 * The URN each school counts as (docs/decisions/0061). Every URN joined by links, whatever their type
 * (a conversion to an academy, an amalgamation, a split), is one school for reach; it counts as its
 * open member that opened last (the school as it is now), or, if none is open, the highest URN.
 * Links to URNs not in the establishments file still join the URNs around them.
 */
export function canonicalUrns(
  schools: readonly Pick<SchoolRow, "urn" | "status" | "openedOn">[],
  links: readonly LinkRow[],
): Map<number, number> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  for (const s of schools) if (!parent.has(s.urn)) parent.set(s.urn, s.urn);
  for (const link of links) {
    if (!parent.has(link.urn)) parent.set(link.urn, link.urn);
    if (!parent.has(link.linkUrn)) parent.set(link.linkUrn, link.linkUrn);
    union(link.urn, link.linkUrn);
  }
  const groups = new Map<number, Pick<SchoolRow, "urn" | "status" | "openedOn">[]>();
  for (const s of schools) {
    const root = find(s.urn);
    groups.set(root, [...(groups.get(root) ?? []), s]);
  }
  const canonical = new Map<number, number>();
  for (const members of groups.values()) {
    const ranked = [...members].sort(
      (a, b) => Number(isOpen(b.status)) - Number(isOpen(a.status)) || (b.openedOn ?? "").localeCompare(a.openedOn ?? "") || b.urn - a.urn,
    );
    for (const m of members) canonical.set(m.urn, ranked[0]!.urn);
  }
  return canonical;
}
