import { useEffect, type RefObject } from "react";
import { z } from "zod";

/**
 * The pieces of a GET filter form (the catalogue, the events listing): checkbox groups, reading the
 * chosen values from the address, and keeping the inputs in step with it. Works without JavaScript:
 * the form is a plain GET and the page renders the choices from the address.
 */

export type FilterOption = { value: string; label: string };

/** Keeps the values `item` accepts, once each; anything else in the address is ignored (never a 500). */
export function valuesOf<T extends string>(item: z.ZodType<T>) {
  return z
    .array(z.string())
    .max(50)
    .catch([])
    .transform((values) => [...new Set(values.flatMap((value) => (item.safeParse(value).success ? [value as T] : [])))]);
}

export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
}: {
  name: string;
  legend: string;
  options: FilterOption[];
  checked: string[];
}) {
  if (options.length === 0) return null;
  return (
    <fieldset className="field checkbox-group">
      <legend>{legend}</legend>
      {options.map((option) => {
        const id = `filter-${name}-${option.value}`;
        return (
          <div className="checkbox" key={option.value}>
            <input type="checkbox" id={id} name={name} value={option.value} defaultChecked={checked.includes(option.value)} />
            <label htmlFor={id}>{option.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/**
 * With JavaScript, navigating to the same page again (e.g. "Clear filters") keeps the inputs mounted;
 * this makes them show the new address without remounting, so focus stays where it was.
 */
export function useFilterInputsFollowAddress(formRef: RefObject<HTMLFormElement | null>, searchParams: URLSearchParams) {
  useEffect(() => {
    for (const element of Array.from(formRef.current?.elements ?? [])) {
      if (!(element instanceof HTMLInputElement)) continue;
      if (element.type === "checkbox") element.checked = searchParams.getAll(element.name).includes(element.value);
      else if (element.type === "search" || element.type === "text") element.value = searchParams.get(element.name) ?? "";
    }
  }, [formRef, searchParams]);
}
