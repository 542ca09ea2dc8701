import { useForm } from "@conform-to/react";
import { useEffect } from "react";

/**
 * Conform's useForm with the rules of every Pathways form:
 * - validate on submit only, so errors (and the error summary) never move the page while someone
 *   is still typing or reaching for the submit button;
 * - after a failed submission the password fields are emptied (the server never sends them back;
 *   with JavaScript the inputs would otherwise keep what was typed).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors Conform's own constraint
export function usePathwaysForm<Schema extends Record<string, any>, FormValue = Schema, FormError = string[]>(
  options: Parameters<typeof useForm<Schema, FormValue, FormError>>[0],
) {
  const result = useForm<Schema, FormValue, FormError>({ ...options, shouldValidate: "onSubmit", shouldRevalidate: "onSubmit" });
  const [form] = result;
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
