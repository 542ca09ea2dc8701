/**
 * Vocabulary lists as stored on module versions and events (",primary-teachers,headteachers,"), so a
 * filter is a LIKE on the column: reading them back, labelling them, and turning filter values into
 * query conditions safely. Shared by the catalogue and the events listing.
 */
import { AUDIENCE_LABELS } from "./labels.ts";
import { type Audience } from "./course-format/module-file.ts";
import { ID_MAX_LENGTH, ID_PATTERN } from "./course-format.ts";

/** A stored value with the words shown for it. */
export type Labelled = { value: string; label: string };

export const storeList = (items: readonly string[]) => `,${items.join(",")},`;
export const splitList = (s: string) => s.split(",").filter(Boolean);

/** "equity-and-inclusion" -> "Equity and inclusion" */
export function sentenceCase(slug: string): string {
  const words = slug.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const audienceLabel = (value: string) => AUDIENCE_LABELS[value as Audience] ?? sentenceCase(value);
export const labelAudiences = (stored: string): Labelled[] => splitList(stored).map((value) => ({ value, label: audienceLabel(value) }));
export const labelTopics = (stored: string): Labelled[] => splitList(stored).map((value) => ({ value, label: sentenceCase(value) }));

const MAX_FILTER_VALUES = 20;

/** Keeps the values that can be stored in a ",a,b," list (so none can widen a LIKE pattern). */
export function listValues(values: readonly string[] | undefined, allowed?: readonly string[]): string[] {
  const ok = (v: string) => v.length <= ID_MAX_LENGTH && (allowed ? allowed.includes(v) : ID_PATTERN.test(v));
  return [...new Set(values ?? [])].filter(ok).slice(0, MAX_FILTER_VALUES);
}

/** A condition matching rows whose list `field` holds any of `values` (none when no values). */
export function anyOfList<Where>(field: string, values: string[]): Where[] {
  return values.length ? [{ OR: values.map((value) => ({ [field]: { contains: `,${value},` } })) } as Where] : [];
}

/** Sorts values by their place in a vocabulary (unknown values last, alphabetically). */
export function byPosition(order: readonly string[]) {
  return (a: string, b: string) => {
    const [i, j] = [order.indexOf(a), order.indexOf(b)];
    return (i < 0 ? order.length : i) - (j < 0 ? order.length : j) || a.localeCompare(b);
  };
}
