import { useForm } from "@conform-to/react";
import { useEffect, useRef } from "react";

/**
 * Conform's useForm with the rules of every Pathways form:
 * - validate on submit only, so errors (and the error summary) never move the page while someone
 *   is still typing or reaching for the submit button;
 * - after a failed submission the password fields are emptied (the server never sends them back;
 *   with JavaScript the inputs would otherwise keep what was typed);
 * - the id never changes while the form is on the page. A new id makes Conform reset the form in
 *   place, and that reset empties every <select> Conform does not manage (a select has no
 *   defaultValue), which once lost quiz questions' kinds (issue 12). To show a new saved state,
 *   remount the form with a React key instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Conform's own constraint
export function usePathwaysForm<Schema extends Record<string, any>, FormValue = Schema, FormError = string[]>(
  options: Parameters<typeof useForm<Schema, FormValue, FormError>>[0],
) {
  const result = useForm<Schema, FormValue, FormError>({ ...options, shouldValidate: "onSubmit", shouldRevalidate: "onSubmit" });
  const [form] = result;
  const firstId = useRef(options.id);
  if (import.meta.env.DEV && options.id !== firstId.current) {
    console.error(
      `usePathwaysForm: the form id changed from "${firstId.current}" to "${options.id}"; remount the form with a key instead.`,
    );
  }
  const lastResult = options.lastResult;
  useEffect(() => {
    if (!lastResult) return;
    const element = document.getElementById(form.id);
    element?.querySelectorAll<HTMLInputElement>('input[type="password"]').forEach((input) => {
      input.value = "";
    });
  }, [lastResult, form.id]);
  return result;
}
